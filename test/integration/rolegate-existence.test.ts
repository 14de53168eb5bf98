/**
 * The rolegate service is no existence oracle: a caller the call is denied to gets the same
 * answer (status, code, message) whether the role it names exists or not. AWS quotes the resource
 * as the caller gave it — a RoleArn as written ("… sts:AssumeRole on resource: arn:aws:iam::…:role/NAME"),
 * a role addressed by name as "role NAME" (iam:GetRole, iam:UpdateRole: "… on resource: role NAME
 * because no identity-based policy allows …") — never the stored path, which only an existing role has.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 * Each answer is asked for once before the role exists and once after it is created under a path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateServiceLinkedRoleCommand, CreateUserCommand, type IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { type RolegateAnswer, rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('rolegate: a denied caller cannot tell whether a role exists', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  async function user(name: string, statements: object[]): Promise<Credentials> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (statements.length > 0) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }
  const answer = (r: RolegateAnswer) => ({ status: r.status, json: r.json });

  it('every rolegate action answers alike before and after the role is created (under a path)', async () => {
    const stranger = rolegateClient(t, await user('stranger', [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]));
    // May call CheckPassRole on any role, but may pass none: its iam:PassRole answer is the question.
    const checker = rolegateClient(t, await user('checker', [{ Effect: 'Allow', Action: 'rolegate:CheckPassRole', Resource: '*' }]));
    // May call AssumeRoleForService on any role; the trust policy (ec2 only) refuses lambda.
    const service = rolegateClient(t, await user('svc', [{ Effect: 'Allow', Action: 'rolegate:AssumeRoleForService', Resource: '*' }]));
    const byArn = `arn:aws:iam::${t.account}:role/hidden`;
    const slr = 'AWSServiceRoleForECS';
    const asks: readonly (readonly [string, ReturnType<typeof rolegateClient>, string, object])[] = [
      ['stranger CheckPassRole', stranger, 'CheckPassRole', { RoleArn: byArn, PassedToService: 'ec2.amazonaws.com' }],
      ['stranger AssumeRoleForService', stranger, 'AssumeRoleForService', { RoleArn: byArn, ServicePrincipal: 'ec2.amazonaws.com', RoleSessionName: 'svc' }],
      ['stranger ListRoleUsage', stranger, 'ListRoleUsage', { RoleName: slr }],
      ['stranger DeclareRoleUsage', stranger, 'DeclareRoleUsage', { RoleName: slr, ResourceArns: [`arn:aws:ecs:us-east-1:${t.account}:cluster/c`] }],
      ['stranger WithdrawRoleUsage', stranger, 'WithdrawRoleUsage', { RoleName: slr, ResourceArns: [`arn:aws:ecs:us-east-1:${t.account}:cluster/c`] }],
      ['stranger ListRoleUsage (path role)', stranger, 'ListRoleUsage', { RoleName: 'pathed' }],
      ['checker CheckPassRole', checker, 'CheckPassRole', { RoleArn: byArn, PassedToService: 'ec2.amazonaws.com' }],
      ['service AssumeRoleForService', service, 'AssumeRoleForService', { RoleArn: byArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'svc' }],
      // The name under another path than the stored one names no role: alike again.
      ['checker CheckPassRole (other path)', checker, 'CheckPassRole', { RoleArn: `arn:aws:iam::${t.account}:role/pathed`, PassedToService: 'ec2.amazonaws.com' }],
    ];
    const beforeAnswers = [];
    for (const [, client, op, input] of asks) beforeAnswers.push(answer(await client.send(op, input)));

    await iam.send(new CreateRoleCommand({ RoleName: 'hidden', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateRoleCommand({ RoleName: 'pathed', Path: '/secret/team-a/', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));

    for (const [i, [label, client, op, input]] of asks.entries()) {
      const now = answer(await client.send(op, input));
      assert.deepEqual(now, beforeAnswers[i], label);
      // Denied: AccessDenied, or CheckPassRole's own answer that the caller may not pass the role.
      if (now.status === 200) assert.equal(now.json.Allowed, false, label);
      else assert.equal(now.json.__type, 'AccessDeniedException', `${label}: ${JSON.stringify(now.json)}`);
      assert.doesNotMatch(String(now.json.Message), /aws-service-role|secret\/team-a/, label);
    }
  });

  it('a role addressed by name is quoted as AWS does: "role NAME"', async () => {
    const nobody = rolegateClient(t, await user('nobody', []));
    const r = await nobody.send('ListRoleUsage', { RoleName: 'AWSServiceRoleForECS' });
    assert.equal(r.status, 400);
    assert.match(String(r.json.Message), / is not authorized to perform: rolegate:ListRoleUsage on resource: role AWSServiceRoleForECS because no identity-based policy allows the rolegate:ListRoleUsage action$/);
  });
});
