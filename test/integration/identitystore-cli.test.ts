/**
 * IAM Identity Center's identity store through the AWS CLI (`aws identitystore …`, AWS JSON 1.1 on
 * the server's one port): every action, with UpdateUser's document-valued operations, and AWS's
 * errors as the CLI prints them (ConflictException for a duplicate UserName,
 * ResourceNotFoundException for another identity store, ValidationException for bad input,
 * AccessDeniedException for a caller no policy allows).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { putUser } from '../support/fixtures.js';
import { putInstance } from '../support/identity-center.js';
import { recentAwsCli, awsCliEnv } from '../support/recent-clients.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { run as exec } from '../support/workload-cli.js';

const AWS = recentAwsCli('identitystore', 'list-group-memberships-for-member');
const skip = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing identitystore on PATH' : false;

describe('identitystore (AWS CLI)', { skip }, () => {
  let t: TestServer;
  let dir: string;
  let store: string;
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-ids-cli-'));
    store = (await putInstance(t)).identityStoreId;
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (creds: Credentials, ...args: string[]) => {
    assert.ok(AWS, 'an AWS CLI knowing identitystore is required under CI');
    const env = awsCliEnv(dir, t.url, creds);
    return exec(AWS[0]!, [...AWS.slice(1), 'identitystore', ...args, '--output', 'json'], env);
  };
  const ok = async (...args: string[]): Promise<Record<string, unknown>> => {
    const r = await aws(t.admin, ...args);
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };
  const fails = async (creds: Credentials, code: string, op: string, ...args: string[]) => {
    const r = await aws(creds, op, ...args);
    assert.notEqual(r.code, 0, `${op} succeeded`);
    const operation = op
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
    assert.match(r.stderr, new RegExp(`\\(${code}\\) when calling the ${operation} operation`), r.stderr);
  };

  it('runs every action, and prints AWS errors', { timeout: 180_000 }, async () => {
    const s = ['--identity-store-id', store];
    const userId = (await ok('create-user', ...s, '--user-name', 'cli-user', '--display-name', 'CLI User', '--name', 'GivenName=Cli,FamilyName=User', '--emails', 'Value=cli@example.com,Primary=true'))
      .UserId as string;
    const described = await ok('describe-user', ...s, '--user-id', userId);
    assert.equal(described.UserName, 'cli-user');
    assert.deepEqual(described.Name, { GivenName: 'Cli', FamilyName: 'User' });

    await ok('update-user', ...s, '--user-id', userId, '--operations', JSON.stringify([{ AttributePath: 'name', AttributeValue: { givenName: 'Command', familyName: 'Line' } }, { AttributePath: 'title', AttributeValue: 'Tester' }]));
    const updated = await ok('describe-user', ...s, '--user-id', userId);
    assert.deepEqual(updated.Name, { GivenName: 'Command', FamilyName: 'Line' });
    assert.equal(updated.Title, 'Tester');

    assert.deepEqual(((await ok('list-users', ...s)).Users as { UserId: string }[]).map((u) => u.UserId), [userId]);
    assert.equal((await ok('get-user-id', ...s, '--alternate-identifier', JSON.stringify({ UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'cli-user' } }))).UserId, userId);

    const groupId = (await ok('create-group', ...s, '--display-name', 'cli-group', '--description', 'From the CLI')).GroupId as string;
    assert.equal((await ok('describe-group', ...s, '--group-id', groupId)).Description, 'From the CLI');
    await ok('update-group', ...s, '--group-id', groupId, '--operations', JSON.stringify([{ AttributePath: 'description', AttributeValue: 'Updated' }]));
    assert.equal((await ok('describe-group', ...s, '--group-id', groupId)).Description, 'Updated');
    assert.deepEqual(((await ok('list-groups', ...s)).Groups as { GroupId: string }[]).map((g) => g.GroupId), [groupId]);
    assert.equal((await ok('get-group-id', ...s, '--alternate-identifier', JSON.stringify({ UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'cli-group' } }))).GroupId, groupId);

    const membershipId = (await ok('create-group-membership', ...s, '--group-id', groupId, '--member-id', `UserId=${userId}`)).MembershipId as string;
    assert.equal((await ok('describe-group-membership', ...s, '--membership-id', membershipId)).GroupId, groupId);
    assert.equal((await ok('get-group-membership-id', ...s, '--group-id', groupId, '--member-id', `UserId=${userId}`)).MembershipId, membershipId);
    assert.deepEqual((await ok('is-member-in-groups', ...s, '--member-id', `UserId=${userId}`, '--group-ids', groupId)).Results, [{ GroupId: groupId, MemberId: { UserId: userId }, MembershipExists: true }]);
    assert.equal(((await ok('list-group-memberships', ...s, '--group-id', groupId)).GroupMemberships as unknown[]).length, 1);
    assert.equal(((await ok('list-group-memberships-for-member', ...s, '--member-id', `UserId=${userId}`)).GroupMemberships as unknown[]).length, 1);

    await fails(t.admin, 'ConflictException', 'create-user', ...s, '--user-name', 'CLI-USER', '--display-name', 'Again');
    await fails(t.admin, 'ConflictException', 'create-group-membership', ...s, '--group-id', groupId, '--member-id', `UserId=${userId}`);
    await fails(t.admin, 'ResourceNotFoundException', 'list-users', '--identity-store-id', 'd-0123456789');
    await fails(t.admin, 'ValidationException', 'create-user', ...s, '--user-name', 'no display name');
    const nobody = await putUser(t, 'ids-cli-nobody');
    await fails(nobody, 'AccessDeniedException', 'describe-user', ...s, '--user-id', userId);

    await ok('delete-group-membership', ...s, '--membership-id', membershipId);
    await fails(t.admin, 'ResourceNotFoundException', 'describe-group-membership', ...s, '--membership-id', membershipId);
    await ok('delete-group', ...s, '--group-id', groupId);
    await ok('delete-user', ...s, '--user-id', userId);
    await fails(t.admin, 'ResourceNotFoundException', 'describe-user', ...s, '--user-id', userId);
  });
});
