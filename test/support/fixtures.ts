/**
 * Test set-up written straight into the store with the layout of src/iam/model.ts — for states
 * the API under test cannot create by itself (another account's users before Organizations, …).
 */
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../src/credentials/ids.js';
import { type AccessKeyData, KIND, type RoleData, type UserData, nameKey, roleArn, userArn } from '../../src/iam/model.js';
import { SEAL } from '../../src/core/services.js';
import type { Credentials, TestServer } from './server.js';

const NOW = '2026-01-01T00:00:00.000Z';

export async function putUser(
  t: TestServer,
  name: string,
  options: { account?: string; inline?: Record<string, object>; tags?: Record<string, string>; boundary?: string } = {},
): Promise<Credentials & { arn: string }> {
  const account = options.account ?? t.account;
  const user: UserData = {
    name,
    path: '/',
    id: newUniqueId('AIDA'),
    arn: userArn(account, '/', name),
    createdAt: NOW,
    tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(options.boundary === undefined ? {} : { permissionsBoundary: options.boundary }),
  };
  const accessKeyId = newAccessKeyId('AKIA', account);
  const secretAccessKey = newSecretAccessKey();
  await t.server.store.write(async (tx) => {
    await tx.put<UserData>({ account, kind: KIND.user, key: nameKey(name), id: user.id, data: user });
    for (const [policyName, doc] of Object.entries(options.inline ?? {})) {
      await tx.put({ account, kind: KIND.inlinePolicy, key: `user/${nameKey(name)}/${policyName}`, data: { name: policyName, document: JSON.stringify(doc) } });
    }
    const key: AccessKeyData = { accessKeyId, userName: name, status: 'Active', createdAt: NOW, sealedSecret: t.server.services.sealer.seal(secretAccessKey, SEAL.secretAccessKey) };
    await tx.put<AccessKeyData>({ account, kind: KIND.accessKey, key: `${nameKey(name)}/${accessKeyId}`, id: accessKeyId, data: key });
  });
  return { accessKeyId, secretAccessKey, arn: user.arn };
}

export async function putRole(
  t: TestServer,
  name: string,
  trust: object,
  options: { account?: string; path?: string; inline?: Record<string, object>; tags?: Record<string, string>; maxSessionDuration?: number; boundary?: string; serviceLinked?: boolean } = {},
): Promise<RoleData> {
  const account = options.account ?? t.account;
  const path = options.path ?? '/';
  const role: RoleData = {
    name,
    path,
    id: newUniqueId('AROA'),
    arn: roleArn(account, path, name),
    createdAt: NOW,
    assumeRolePolicyDocument: JSON.stringify(trust),
    maxSessionDuration: options.maxSessionDuration ?? 3600,
    tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(options.boundary === undefined ? {} : { permissionsBoundary: options.boundary }),
    // What the service-linked-role machinery stores; no API parameter sets it.
    ...(options.serviceLinked === true ? { serviceLinked: true as const } : {}),
  };
  await t.server.store.write(async (tx) => {
    await tx.put<RoleData>({ account, kind: KIND.role, key: nameKey(name), id: role.id, data: role });
    for (const [policyName, doc] of Object.entries(options.inline ?? {})) {
      await tx.put({ account, kind: KIND.inlinePolicy, key: `role/${nameKey(name)}/${policyName}`, data: { name: policyName, document: JSON.stringify(doc) } });
    }
  });
  return role;
}

export async function putRolePolicy(t: TestServer, role: string, policyName: string, doc: object, account = t.account): Promise<void> {
  await t.server.store.write(async (tx) => {
    await tx.put({ account, kind: KIND.inlinePolicy, key: `role/${nameKey(role)}/${policyName}`, data: { name: policyName, document: JSON.stringify(doc) } });
  });
}

export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }],
});

export const trustAccount = (account: string, extra: object = {}, actions: string | string[] = 'sts:AssumeRole'): object => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: actions, ...extra }],
});

export const trustPrincipal = (arn: string, actions: string | string[] = 'sts:AssumeRole', extra: object = {}): object => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: actions, ...extra }],
});
