/**
 * The rolegate service's own condition keys: a grant of rolegate:AssumeRoleForService (or
 * rolegate:CheckPassRole) can be narrowed to the service principal the caller names
 * (rolegate:ServicePrincipal) and to the source it claims to act for (rolegate:SourceArn,
 * rolegate:SourceAccount) — so a service's identity cannot claim to be another service, or act
 * for resources that are not its own. Set-up with SDK v3; calls through the signed rolegate client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, type IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { actionReference } from '../../src/access/service-reference.js';
import { actionNames, findAction } from '../../src/app/actions.js';
import type { Caller } from '../../src/core/action.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

describe('rolegate condition keys: rolegate:ServicePrincipal, rolegate:SourceArn, rolegate:SourceAccount', () => {
  let t: TestServer;
  let iam: IAMClient;
  let roleArn: string;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    // A role both services may assume: only the caller's grant tells them apart.
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
  });
  after(async () => {
    await t.close();
  });

  async function user(name: string, statements: object[]): Promise<Credentials & { arn: string }> {
    const u = (await iam.send(new CreateUserCommand({ UserName: name }))).User!;
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { arn: u.Arn!, accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }
  const denied = (who: string, action: string) => ({
    __type: 'AccessDeniedException',
    Message: `User: ${who} is not authorized to perform: rolegate:${action} on resource: ${roleArn} because no identity-based policy allows the rolegate:${action} action`,
  });

  it('AssumeRoleForService granted for ec2.amazonaws.com only: lambda.amazonaws.com is denied', async () => {
    const ec2 = await user('ec2-svc', [{ Effect: 'Allow', Action: 'rolegate:AssumeRoleForService', Resource: '*', Condition: { StringEquals: { 'rolegate:ServicePrincipal': 'ec2.amazonaws.com' } } }]);
    const rg = rolegateClient(t, ec2);
    const ok = await rg.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'ec2.amazonaws.com', RoleSessionName: 'i-1' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const other = await rg.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'i-1' });
    assert.equal(other.status, 400);
    assert.deepEqual(other.json, denied(ec2.arn, 'AssumeRoleForService'));
  });

  it('rolegate:SourceArn and rolegate:SourceAccount: only the sources the grant names; absent, the condition fails', async () => {
    const lambda = await user('lambda-svc', [
      {
        Effect: 'Allow',
        Action: 'rolegate:AssumeRoleForService',
        Resource: roleArn,
        Condition: { ArnLike: { 'rolegate:SourceArn': `arn:aws:lambda:*:${t.account}:function:*` }, StringEquals: { 'rolegate:SourceAccount': t.account } },
      },
    ]);
    const rg = rolegateClient(t, lambda);
    const fn = `arn:aws:lambda:us-east-1:${t.account}:function:resize`;
    const base = { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize' };
    assert.equal((await rg.send('AssumeRoleForService', { ...base, SourceArn: fn, SourceAccount: t.account })).status, 200);
    // rolegate:SourceAccount is the account the call acts for: given, or the source ARN's.
    assert.equal((await rg.send('AssumeRoleForService', { ...base, SourceArn: fn })).status, 200);
    const foreignAccount = await rg.send('AssumeRoleForService', { ...base, SourceArn: fn, SourceAccount: '999999999999' });
    assert.deepEqual(foreignAccount.json, denied(lambda.arn, 'AssumeRoleForService'));
    const bucket = await rg.send('AssumeRoleForService', { ...base, SourceArn: `arn:aws:s3:::${t.account}-bucket`, SourceAccount: t.account });
    assert.deepEqual(bucket.json, denied(lambda.arn, 'AssumeRoleForService'));
    const none = await rg.send('AssumeRoleForService', base);
    assert.deepEqual(none.json, denied(lambda.arn, 'AssumeRoleForService'));
  });

  it('CheckPassRole: rolegate:ServicePrincipal is the service the role would be passed to', async () => {
    const dev = await user('dev', [
      { Effect: 'Allow', Action: 'rolegate:CheckPassRole', Resource: '*', Condition: { StringEquals: { 'rolegate:ServicePrincipal': 'ec2.amazonaws.com' } } },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ]);
    const rg = rolegateClient(t, dev);
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com' })).json, { Allowed: true });
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'lambda.amazonaws.com' })).json, denied(dev.arn, 'CheckPassRole'));
  });

  it('every key a rolegate action sets is registered in its reference entry (src/access/service-reference.ts)', () => {
    const input = { RoleArn: roleArn, ServicePrincipal: 'ec2.amazonaws.com', PassedToService: 'ec2.amazonaws.com', SourceArn: `arn:aws:ec2:us-east-1:${t.account}:instance/i-1`, RoleName: 'shared', Audience: ['sts.amazonaws.com'], Subject: 'system:serviceaccount:ns:sa' };
    for (const name of actionNames('rolegate')) {
      const keys = Object.keys(findAction('rolegate', name)?.context?.(input, {} as Caller) ?? {});
      assert.deepEqual(keys.filter((k) => !(actionReference('rolegate', name)?.conditionKeys ?? []).includes(k)), [], name);
    }
    assert.deepEqual(actionReference('rolegate', 'AssumeRoleForService')?.conditionKeys, ['rolegate:ServicePrincipal', 'rolegate:SourceArn', 'rolegate:SourceAccount']);
  });
});
