/**
 * Roles created through the API and assumed through STS, end to end; the binding of trust-policy
 * principals to unique ids (a deleted and re-created user does not inherit the trust); and
 * RoleLastUsed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  type RoleLastUsed,
  UpdateAssumeRolePolicyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { sessionCredentials } from '../support/assert.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type Credentials, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const trusting = (...principals: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals.length === 1 ? principals[0] : principals }, Action: 'sts:AssumeRole' }] });

describe('roles and trust over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  async function userWithKey(name: string): Promise<{ arn: string; id: string; creds: Credentials; keyId: string }> {
    const u = (await iam.send(new CreateUserCommand({ UserName: name }))).User!;
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { arn: u.Arn!, id: u.UserId!, keyId: k.AccessKeyId!, creds: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } };
  }
  async function deleteUser(name: string, keyId: string): Promise<void> {
    await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: keyId }));
    await iam.send(new DeleteUserCommand({ UserName: name }));
  }
  const trustOf = async (role: string) => decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: role }))).Role!.AssumeRolePolicyDocument!);
  const assume = (c: Credentials, RoleArn: string) => t.sts(c).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's1' }));

  it('AssumeRole of a role made with CreateRole and PutRolePolicy: the session acts as the role', async () => {
    const dev = await userWithKey('dev');
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trusting(dev.arn) }))).Role!;
    const allowGetRole = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: role.Arn }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'read-self', PolicyDocument: JSON.stringify(allowGetRole) }));
    const r = await assume(dev.creds, role.Arn!);
    assert.equal(r.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/deployer/s1`);
    assert.equal(r.AssumedRoleUser?.AssumedRoleId, `${role.RoleId}:s1`);
    const session = sessionCredentials(r);
    const who = await t.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(who.UserId, `${role.RoleId}:s1`);
    const self = await t.iam(session).send(new GetRoleCommand({ RoleName: 'deployer' }));
    assert.equal(self.Role?.RoleId, role.RoleId);
    await rejectsWith(t.iam(session).send(new ListRolesCommand({})), 'AccessDenied');
  });

  it('records RoleLastUsed (date and region) when a session of the role makes a call', async () => {
    const dev = await userWithKey('user-for-last-use');
    await iam.send(new CreateRoleCommand({ RoleName: 'used', AssumeRolePolicyDocument: trusting(dev.arn) }));
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: 'used' }))).Role?.RoleLastUsed, {});
    const r = await assume(dev.creds, `${ARN}:role/used`);
    const before = Date.now();
    const eu = new IAMClient({ endpoint: t.url, region: 'eu-west-2', credentials: sessionCredentials(r), maxAttempts: 1 });
    await rejectsWith(eu.send(new ListRolesCommand({})), 'AccessDenied'); // a denied call is a use too
    let used: RoleLastUsed | undefined;
    for (let i = 0; i < 50 && used?.Region === undefined; i++) {
      await new Promise((res) => setTimeout(res, 20));
      used = (await iam.send(new GetRoleCommand({ RoleName: 'used' }))).Role?.RoleLastUsed;
    }
    assert.equal(used?.Region, 'eu-west-2');
    assert.ok(used?.LastUsedDate instanceof Date && used.LastUsedDate.getTime() >= Math.floor(before / 1000) * 1000 - 1000);
    // ListRoles does not carry it (API_ListRoles.html).
    const listed = (await iam.send(new ListRolesCommand({}))).Roles!.find((x) => x.RoleName === 'used');
    assert.equal(listed?.RoleLastUsed, undefined);
  });

  it('refuses a trust policy naming a user or role that does not exist', async () => {
    const ghost = `${ARN}:user/ghost`;
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'haunted', AssumeRolePolicyDocument: trusting(ghost) })),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ghost}"`,
      400,
    );
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'haunted', AssumeRolePolicyDocument: trusting(`${ARN}:role/no-such-role`) })),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ARN}:role/no-such-role"`,
    );
    // The user exists, but not at this path: the ARN names nobody.
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'haunted', AssumeRolePolicyDocument: trusting(`${ARN}:user/other/dev`) })),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ARN}:user/other/dev"`,
    );
    // Accounts this server does not hold are taken as written; roots, account ids and services too.
    const outside = trusting('arn:aws:iam::999999999999:user/someone', `${ARN}:root`, '222222222222');
    await iam.send(new CreateRoleCommand({ RoleName: 'outside', AssumeRolePolicyDocument: outside }));
    assert.equal(await trustOf('outside'), outside);
  });

  it('binds a trusted user to its id: deleted, the id shows; re-created, the trust is not inherited', async () => {
    const u = await userWithKey('u');
    const other = await userWithKey('stays');
    const text = trusting(u.arn, other.arn);
    await iam.send(new CreateRoleCommand({ RoleName: 'bound', AssumeRolePolicyDocument: text }));
    assert.equal(await trustOf('bound'), text);
    await assume(u.creds, `${ARN}:role/bound`);

    await deleteUser('u', u.keyId);
    const shown = trusting(u.id, other.arn);
    assert.equal(await trustOf('bound'), shown);
    const listed = (await iam.send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === 'bound');
    assert.equal(decodeURIComponent(listed!.AssumeRolePolicyDocument!), shown);

    const again = await userWithKey('u');
    assert.notEqual(again.id, u.id);
    await rejectsWith(assume(again.creds, `${ARN}:role/bound`), 'AccessDenied', `User: ${again.arn} is not authorized to perform: sts:AssumeRole on resource: ${ARN}:role/bound`);
    assert.equal(await trustOf('bound'), shown);
    // The other principal still works.
    await assume(other.creds, `${ARN}:role/bound`);

    // Writing the policy again binds the new user.
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'bound', PolicyDocument: text }));
    assert.equal(await trustOf('bound'), text);
    await assume(again.creds, `${ARN}:role/bound`);
  });

  it('binds a trusted role the same way (AROA id once deleted)', async () => {
    const base = (await iam.send(new CreateRoleCommand({ RoleName: 'base', AssumeRolePolicyDocument: trusting(`${ARN}:root`) }))).Role!;
    const text = trusting(base.Arn!);
    await iam.send(new CreateRoleCommand({ RoleName: 'chained', AssumeRolePolicyDocument: text }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'base' }));
    assert.equal(await trustOf('chained'), trusting(base.RoleId!));
    await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'chained', PolicyDocument: text })),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${base.Arn}"`,
    );
  });

  it('follows a renamed user: the trust shows and honours its new ARN', async () => {
    const u = await userWithKey('before-rename');
    await iam.send(new CreateRoleCommand({ RoleName: 'follows', AssumeRolePolicyDocument: trusting(u.arn) }));
    await iam.send(new UpdateUserCommand({ UserName: 'before-rename', NewUserName: 'after-rename', NewPath: '/moved/' }));
    assert.equal(await trustOf('follows'), trusting(`${ARN}:user/moved/after-rename`));
    await assume(u.creds, `${ARN}:role/follows`);
  });

  it('UpdateAssumeRolePolicy validates like CreateRole and answers unknown roles with NoSuchEntity', async () => {
    await rejectsWith(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'follows', PolicyDocument: 'not valid json' })), 'MalformedPolicyDocument', 'This policy contains invalid Json');
    await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'nope', PolicyDocument: trusting(`${ARN}:root`) })),
      'NoSuchEntity',
      'The role with name nope cannot be found.',
      404,
    );
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(2100), Effect: 'Allow', Principal: { AWS: `${ARN}:root` }, Action: 'sts:AssumeRole' }] });
    await rejectsWith(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'follows', PolicyDocument: big })), 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048');
  });
});
