/** Shared set-up of the Organizations policy tests: an organization with one created member account. */
import assert from 'node:assert/strict';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { Credentials, TestServer } from '../support/server.js';

type AwsErr = Error & { $metadata?: { httpStatusCode?: number }; Reason?: string };

/** Asserts an SDK rejection by code, message (string or pattern), and Reason when given. */
export async function rejects(p: Promise<unknown>, code: string, message: string | RegExp, reason?: string): Promise<void> {
  await assert.rejects(p, (e: AwsErr) => {
    assert.equal(e.name, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    if (reason !== undefined) assert.equal(e.Reason, reason);
    return true;
  });
}

export interface OrgSetup {
  readonly rootId: string;
  readonly memberId: string;
}

export async function createOrgWithMember(t: TestServer, email = 'member@example.com'): Promise<OrgSetup> {
  const o = t.organizations();
  await o.send(new CreateOrganizationCommand({}));
  const created = await o.send(new CreateAccountCommand({ Email: email, AccountName: 'member' }));
  const status = await o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }));
  const roots = await o.send(new ListRootsCommand({}));
  return { rootId: roots.Roots?.[0]?.Id ?? '', memberId: status.CreateAccountStatus?.AccountId ?? '' };
}

/** The management admin's session in the member's OrganizationAccountAccessRole: the member's admin. */
export async function memberAdmin(t: TestServer, memberId: string): Promise<Credentials> {
  const r = await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
  const c = r.Credentials;
  return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' };
}

export const denyCreateUser = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] });
