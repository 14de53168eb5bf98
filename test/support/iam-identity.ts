/**
 * Helpers for the user, access-key and group integration tests: AWS error matchers, and policy
 * items written straight into the store (layout of src/iam/model.ts) for set-ups that need
 * managed or inline policies without depending on the policy actions.
 */
import assert from 'node:assert/strict';
import { type AttachmentData, type EntityType, KIND, type InlinePolicyData, type ManagedPolicyData, type PolicyEntityData, nameKey } from '../../src/iam/model.js';
import type { TestServer } from './server.js';

interface SdkError extends Error {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly Code?: string;
}

/** The AWS error code on the wire: modeled errors surface as `<Code>Exception` classes in SDK v3. */
function codeOf(e: SdkError): string {
  return e.Code ?? e.name.replace(/Exception$/, '');
}

/** Asserts the promise fails with AWS error `code` (and `message`, `status` when given). */
export async function rejectsWith(p: Promise<unknown>, code: string, message?: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(p, (e: SdkError) => {
    assert.equal(codeOf(e), code, `expected ${code}, got ${e.name}: ${e.message}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message !== undefined) assert.match(e.message, message);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

export const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export async function putInlinePolicy(t: TestServer, type: EntityType, entity: string, name: string, doc: object = ALLOW_ALL): Promise<void> {
  await t.server.store.write(async (tx) => {
    await tx.put<InlinePolicyData>({ account: t.account, kind: KIND.inlinePolicy, key: `${type}/${nameKey(entity)}/${name}`, data: { name, document: JSON.stringify(doc) } });
  });
}

/** An attachment and its policy-entity back-reference, as AttachUserPolicy/AttachGroupPolicy write them. */
export async function putAttachment(t: TestServer, type: EntityType, entity: string, entityId: string, policyArn: string): Promise<void> {
  const policyName = policyArn.slice(policyArn.lastIndexOf('/') + 1);
  await t.server.store.write(async (tx) => {
    await tx.put<AttachmentData>({ account: t.account, kind: KIND.attachment, key: `${type}/${nameKey(entity)}/${policyArn}`, data: { policyArn, policyName } });
    await tx.put<PolicyEntityData>({ account: t.account, kind: KIND.policyEntity, key: `${policyArn}/${type}/${nameKey(entity)}`, data: { entityType: type, name: entity, id: entityId } });
  });
}

/** A customer managed policy item, as CreatePolicy writes it. */
export async function putCustomerPolicy(t: TestServer, name: string, doc: object = ALLOW_ALL): Promise<string> {
  const arn = `arn:aws:iam::${t.account}:policy/${name}`;
  const now = new Date().toISOString();
  const data: ManagedPolicyData = {
    name,
    path: '/',
    id: `ANPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn,
    createdAt: now,
    updatedAt: now,
    defaultVersionId: 'v1',
    nextVersion: 2,
    versions: [{ versionId: 'v1', document: JSON.stringify(doc), createdAt: now }],
    attachmentCount: 0,
    boundaryUsageCount: 0,
    tags: [],
  };
  await t.server.store.write(async (tx) => {
    await tx.put<ManagedPolicyData>({ account: t.account, kind: KIND.policy, key: nameKey(name), id: data.id, data });
  });
  return arn;
}

export async function boundaryUsage(t: TestServer, name: string): Promise<number | undefined> {
  const item = await t.server.store.read((tx) => tx.get<ManagedPolicyData>(t.account, KIND.policy, nameKey(name)));
  return item?.data.boundaryUsageCount;
}
