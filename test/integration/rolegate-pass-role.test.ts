/**
 * rolegate:CheckPassRole: a service beside Rolegate asks whether the caller may pass a role to it,
 * evaluated as AWS does — iam:PassRole on the role's ARN with iam:PassedToService and
 * iam:AssociatedResourceArn — and answers with the AccessDenied message AWS gives for PassRole.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 * Set-up through the IAM API (SDK v3); the check through the signed rolegate client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, type IAMClient, PutUserPolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

const trustService = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

describe('rolegate CheckPassRole (iam:PassRole as AWS checks it)', () => {
  let t: TestServer;
  let iam: IAMClient;
  let roleArn: string;
  let lambdaRoleArn: string;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'app-instance', Path: '/service-role/', AssumeRolePolicyDocument: trustService('ec2.amazonaws.com') }))).Role!.Arn!;
    lambdaRoleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'fn-exec', AssumeRolePolicyDocument: trustService('lambda.amazonaws.com') }))).Role!.Arn!;
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
  const mayCheck = { Effect: 'Allow', Action: 'rolegate:CheckPassRole', Resource: '*' };
  const notAuthorized = (who: string, role: string, why = 'because no identity-based policy allows the iam:PassRole action') =>
    `User: ${who} is not authorized to perform: iam:PassRole on resource: ${role} ${why}`;

  it('iam:PassedToService: passing to the named service is allowed, to another denied with AWS\'s message', async () => {
    const dev = await user('dev', [mayCheck, { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${t.account}:role/service-role/*`, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }]);
    const rg = rolegateClient(t, dev);
    const ok = await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual(ok.json, { Allowed: true });
    const other = await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'lambda.amazonaws.com' });
    assert.equal(other.status, 200);
    assert.deepEqual(other.json, { Allowed: false, Message: notAuthorized(dev.arn, roleArn) });
    // The policy's Resource matches the role's ARN with its path: another role is not covered.
    const outside = await rg.send('CheckPassRole', { RoleArn: lambdaRoleArn, PassedToService: 'ec2.amazonaws.com' });
    assert.deepEqual(outside.json, { Allowed: false, Message: notAuthorized(dev.arn, lambdaRoleArn) });
  });

  it('iam:AssociatedResourceArn: only for the resources the condition names; absent, the condition fails', async () => {
    const ops = await user('ops', [
      mayCheck,
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' }, StringLike: { 'iam:AssociatedResourceARN': `arn:aws:ec2:us-east-1:${t.account}:instance/*` } } },
    ]);
    const rg = rolegateClient(t, ops);
    const instance = `arn:aws:ec2:us-east-1:${t.account}:instance/i-0123456789abcdef0`;
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com', AssociatedResourceArn: instance })).json, { Allowed: true });
    const west = `arn:aws:ec2:us-west-2:${t.account}:instance/i-0123456789abcdef0`;
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com', AssociatedResourceArn: west })).json, { Allowed: false, Message: notAuthorized(ops.arn, roleArn) });
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com' })).json, { Allowed: false, Message: notAuthorized(ops.arn, roleArn) });
  });

  it('an explicit deny (on the role\'s tags) is named in the message', async () => {
    await iam.send(new TagRoleCommand({ RoleName: 'fn-exec', Tags: [{ Key: 'tier', Value: 'admin' }] }));
    const ci = await user('ci', [
      mayCheck,
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/tier': 'admin' } } },
    ]);
    const rg = rolegateClient(t, ci);
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com' })).json, { Allowed: true });
    assert.deepEqual((await rg.send('CheckPassRole', { RoleArn: lambdaRoleArn, PassedToService: 'lambda.amazonaws.com' })).json, {
      Allowed: false,
      Message: notAuthorized(ci.arn, lambdaRoleArn, 'with an explicit deny in an identity-based policy'),
    });
  });

  it('the call itself is authorized (rolegate:CheckPassRole on the role) and a role that is not the caller\'s is NoSuchEntity', async () => {
    const passer = await user('passer', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]);
    const denied = await rolegateClient(t, passer).send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'ec2.amazonaws.com' });
    assert.equal(denied.json.__type, 'AccessDeniedException');
    assert.match(String(denied.json.Message), new RegExp(`^User: ${passer.arn} is not authorized to perform: rolegate:CheckPassRole on resource: ${roleArn.replace(/[/.]/g, '\\$&')} `));

    const rg = rolegateClient(t);
    const missing = await rg.send('CheckPassRole', { RoleArn: `arn:aws:iam::${t.account}:role/ghost`, PassedToService: 'ec2.amazonaws.com' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { __type: 'NoSuchEntityException', Message: 'The role with name ghost cannot be found.' });
    // The path is part of the ARN: the role's name under another path names no role.
    const wrongPath = await rg.send('CheckPassRole', { RoleArn: `arn:aws:iam::${t.account}:role/app-instance`, PassedToService: 'ec2.amazonaws.com' });
    assert.equal(wrongPath.json.__type, 'NoSuchEntityException');
    // Roles are passed only within their account (id_roles_use_passrole.html): another account's
    // role is a cross-account resource no policy of its grants the call on.
    const foreign = await rg.send('CheckPassRole', { RoleArn: 'arn:aws:iam::999999999999:role/app-instance', PassedToService: 'ec2.amazonaws.com' });
    assert.equal(foreign.json.__type, 'AccessDeniedException');
    const bad = await rg.send('CheckPassRole', { RoleArn: roleArn, PassedToService: 'EC2 amazonaws' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.__type, 'ValidationException');
  });
});
