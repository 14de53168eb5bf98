/**
 * ARNs and ids of the service-linked role and rolegate calls that cannot name anything stored —
 * too long, multi-byte beyond the store's key (1024 bytes), NUL — answer the client's error
 * (4xx), never ServiceFailure 500: each was a store key before it was checked. sts:AssumeRole
 * and trust policies share the role-ARN and principal parsing, and are checked here too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateServiceLinkedRoleCommand, GetPolicyCommand, GetServiceLinkedRoleDeletionStatusCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { rejectsWith } from '../support/iam-identity.js';
import { type RolegateClient, rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('service-linked roles and rolegate: ARNs and ids no store key can hold', () => {
  let t: TestServer;
  let rg: RolegateClient;
  const ROLE = 'AWSServiceRoleForECS';

  before(async () => {
    t = await startTestServer();
    rg = rolegateClient(t);
    await t.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await t.iam().send(new CreateRoleCommand({ RoleName: 'fn', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  });
  after(async () => t.close());

  it('DeclareRoleUsage and WithdrawRoleUsage: an ARN over 900 characters, or 900 bytes, or with NUL, is ValidationException', async () => {
    const cluster = `arn:aws:ecs:us-east-1:${t.account}:cluster/`;
    const cases: [string, RegExp][] = [
      [`${cluster}${'c'.repeat(1500)}`, /^1 validation error detected: Value '.*' at 'resourceArns\.2\.member' failed to satisfy constraint: Member must have length less than or equal to 900$/su],
      [`${cluster}${'€'.repeat(400)}`, /^1 validation error detected: Value '.*' at 'resourceArns\.2\.member' failed to satisfy constraint: Member must have length less than or equal to 900 bytes in UTF-8$/su],
      [`${cluster}a\u0000b`, /at 'resourceArns\.2\.member' failed to satisfy constraint: Member must satisfy regular expression pattern/u],
    ];
    for (const op of ['DeclareRoleUsage', 'WithdrawRoleUsage']) {
      for (const [arn, message] of cases) {
        const r = await rg.send(op, { RoleName: ROLE, ResourceArns: [`${cluster}ok`, arn] });
        assert.equal(r.status, 400, `${op}: ${JSON.stringify(r.json).slice(0, 200)}`);
        assert.equal(r.json['__type'], 'ValidationException');
        assert.match(String(r.json['Message']), message);
      }
    }
    // Nothing was declared: the call is refused whole.
    assert.deepEqual((await rg.send('ListRoleUsage', { RoleName: ROLE })).json, { RoleUsageList: [] });
  });

  it('GetServiceLinkedRoleDeletionStatus: an id whose service part is not of AWSServiceName characters is InvalidInput', async () => {
    const id = `task/aws-service-role/${'€'.repeat(330)}/${ROLE}/11111111-1111-4111-8111-111111111111`;
    await rejectsWith(t.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id })), 'InvalidInput', `Invalid deletion task id: ${id}`, 400);
  });

  it('AssumeRoleForService and CheckPassRole: a role ARN no role can have is invalid, or for CheckPassRole a missing role', async () => {
    const long = `arn:aws:iam::${t.account}:role/${'x'.repeat(1500)}`;
    const wide = `arn:aws:iam::${t.account}:role/${'€'.repeat(600)}`;
    const nul = `arn:aws:iam::${t.account}:role/a\u0000b`;
    const assume = (arn: string) => rg.send('AssumeRoleForService', { RoleArn: arn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'odd' });
    for (const arn of [long, wide, nul]) {
      const r = await assume(arn);
      assert.equal(r.status, 400, JSON.stringify(r.json).slice(0, 200));
      assert.equal(r.json['__type'], 'ValidationError');
    }
    for (const arn of [long, wide, nul]) {
      const r = await rg.send('CheckPassRole', { RoleArn: arn, PassedToService: 'lambda.amazonaws.com' });
      assert.equal(r.status, 404, JSON.stringify(r.json).slice(0, 200));
      assert.equal(r.json['__type'], 'NoSuchEntityException');
    }
  });

  it('sts:AssumeRole of a role name over 64 characters is ValidationError; a trust policy naming such a principal, MalformedPolicyDocument', async () => {
    const long = `arn:aws:iam::${t.account}:role/${'x'.repeat(1500)}`;
    await rejectsWith(t.sts().send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 'odd' })), 'ValidationError', `${long} is invalid`, 400);
    const user = `arn:aws:iam::${t.account}:user/${'x'.repeat(1100)}`;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user }, Action: 'sts:AssumeRole' }] };
    await rejectsWith(t.iam().send(new CreateRoleCommand({ RoleName: 'odd-trust', AssumeRolePolicyDocument: JSON.stringify(trust) })), 'MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${user}"`, 400);
  });

  it('a policy ARN whose name no policy can have is a missing policy (GetPolicy, AttachRolePolicy)', async () => {
    const policy = `arn:aws:iam::${t.account}:policy/${'€'.repeat(600)}`;
    await rejectsWith(t.iam().send(new GetPolicyCommand({ PolicyArn: policy })), 'NoSuchEntity', undefined, 404);
    await rejectsWith(t.iam().send(new AttachRolePolicyCommand({ RoleName: 'fn', PolicyArn: policy })), 'NoSuchEntity', undefined, 404);
  });
});
