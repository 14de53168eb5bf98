/**
 * Fixtures for the iam-policies tests: users, groups, memberships and access keys written
 * straight into the store in model.ts's layout (so these tests do not depend on the user and
 * group handlers), and a helper asserting AWS errors.
 */
import assert from 'node:assert/strict';
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../src/credentials/ids.js';
import { type AccessKeyData, type GroupData, KIND, type UserData, groupArn, iso, nameKey, userArn } from '../../src/iam/model.js';
import { SEAL } from '../../src/core/services.js';
import type { Credentials, TestServer } from '../support/server.js';

export const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListPolicies', Resource: '*' }] });

export const allow = (action: string | string[], resource = '*'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
export const deny = (action: string | string[], resource = '*'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: resource }] });

export async function putUser(t: TestServer, name: string, extra: Partial<UserData> = {}): Promise<UserData> {
  const path = extra.path ?? '/';
  const user: UserData = { name, path, id: newUniqueId('AIDA'), arn: userArn(t.account, path, name), createdAt: iso(new Date()), tags: [], ...extra };
  await t.server.store.write((tx) => tx.put<UserData>({ account: t.account, kind: KIND.user, key: nameKey(name), id: user.id, data: user }));
  return user;
}

export async function putGroup(t: TestServer, name: string, path = '/'): Promise<GroupData> {
  const group: GroupData = { name, path, id: newUniqueId('AGPA'), arn: groupArn(t.account, path, name), createdAt: iso(new Date()) };
  await t.server.store.write((tx) => tx.put<GroupData>({ account: t.account, kind: KIND.group, key: nameKey(name), id: group.id, data: group }, 0));
  return group;
}

export async function addToGroup(t: TestServer, userName: string, groupName: string): Promise<void> {
  const data = { userName, groupName };
  await t.server.store.write(async (tx) => {
    await tx.put({ account: t.account, kind: KIND.groupMember, key: `${nameKey(groupName)}/${nameKey(userName)}`, data }, 0);
    await tx.put({ account: t.account, kind: KIND.userGroup, key: `${nameKey(userName)}/${nameKey(groupName)}`, data }, 0);
  });
}

export async function accessKey(t: TestServer, userName: string): Promise<Credentials> {
  const accessKeyId = newAccessKeyId('AKIA', t.account);
  const secretAccessKey = newSecretAccessKey();
  const key: AccessKeyData = {
    accessKeyId,
    userName,
    status: 'Active',
    createdAt: iso(new Date()),
    sealedSecret: t.server.services.sealer.seal(secretAccessKey, SEAL.secretAccessKey),
  };
  await t.server.store.write((tx) => tx.put<AccessKeyData>({ account: t.account, kind: KIND.accessKey, key: `${nameKey(userName)}/${accessKeyId}`, id: accessKeyId, data: key }, 0));
  return { accessKeyId, secretAccessKey };
}

/** Sets (or clears) a user's permissions boundary directly, as PutUserPermissionsBoundary would. */
export async function setBoundary(t: TestServer, userName: string, arn: string | undefined): Promise<void> {
  await t.server.store.write(async (tx) => {
    const item = await tx.get<UserData>(t.account, KIND.user, nameKey(userName));
    assert.ok(item);
    const data: UserData = { ...item.data, ...(arn === undefined ? {} : { permissionsBoundary: arn }) };
    if (arn === undefined) delete (data as { permissionsBoundary?: string }).permissionsBoundary;
    await tx.put<UserData>({ account: t.account, kind: KIND.user, key: item.key, id: data.id, data }, item.version);
  });
}

/** Asserts that `p` fails with AWS error `code` (and `message`, when given, exactly). */
export async function rejects(p: Promise<unknown>, code: string, message?: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    // The SDK names modeled errors after their shapes (NoSuchEntityException), others by code.
    assert.equal(e.name.replace(/Exception$/, ''), code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message !== undefined) assert.match(e.message, message);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}
