/**
 * SCPs and RCPs enforced end to end: a member account's administrator (the management admin in
 * OrganizationAccountAccessRole) is limited by the SCPs of its path; the management account never
 * is; the member's RCPs limit sts:AssumeRole of its roles.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type Credentials, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, denyCreateUser, memberAdmin, rejects } from './organizations-policies-support.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';
const doc = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('organizations: SCP and RCP enforcement', () => {
  let t: TestServer;
  let rootId: string;
  let memberId: string;
  let admin: Credentials;
  let denyUsers: string;
  let n = 0;
  const createUser = (creds?: Credentials) => t.iam(creds).send(new CreateUserCommand({ UserName: `u${++n}` }));
  const explicit = (account: string, action: string) =>
    new RegExp(`^User: arn:aws:sts::${account}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to perform: ${action} on resource: .+ with an explicit deny in a service control policy$`);

  before(async () => {
    t = await startTestServer();
    ({ rootId, memberId } = await createOrgWithMember(t));
    admin = await memberAdmin(t, memberId);
  });
  after(async () => {
    await t.close();
  });

  it('without SCPs enabled the member admin has full access; enabling them (FullAWSAccess everywhere) changes nothing', async () => {
    await createUser(admin);
    await t.organizations().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
    await createUser(admin);
    await t.iam(admin).send(new ListUsersCommand({}));
  });

  it('a deny SCP on the account denies the member admin with the SCP wording', async () => {
    const o = t.organizations();
    denyUsers = (await o.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: '', Type: SCP, Content: denyCreateUser }))).Policy?.PolicySummary?.Id ?? '';
    await o.send(new AttachPolicyCommand({ PolicyId: denyUsers, TargetId: memberId }));
    await rejects(createUser(admin), 'AccessDenied', explicit(memberId, 'iam:CreateUser'));
    // Other actions stay allowed by FullAWSAccess.
    await t.iam(admin).send(new ListUsersCommand({}));
    await o.send(new DetachPolicyCommand({ PolicyId: denyUsers, TargetId: memberId }));
    await createUser(admin);
  });

  it('SCPs never affect the management account, even on the root', async () => {
    const o = t.organizations();
    await o.send(new AttachPolicyCommand({ PolicyId: denyUsers, TargetId: rootId }));
    await createUser();
    await o.send(new ListAccountsCommand({}));
    await rejects(createUser(admin), 'AccessDenied', explicit(memberId, 'iam:CreateUser'));
    await o.send(new DetachPolicyCommand({ PolicyId: denyUsers, TargetId: rootId }));
    await createUser(admin);
  });

  it('a deny SCP on an OU applies while the account is in it', async () => {
    const o = t.organizations();
    const ou = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Locked' }))).OrganizationalUnit?.Id ?? '';
    await o.send(new AttachPolicyCommand({ PolicyId: denyUsers, TargetId: ou }));
    await createUser(admin);
    await o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ou }));
    await rejects(createUser(admin), 'AccessDenied', explicit(memberId, 'iam:CreateUser'));
    await o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: ou, DestinationParentId: rootId }));
    await createUser(admin);
  });

  it('a level without an Allow denies implicitly ("because no service control policy allows")', async () => {
    const o = t.organizations();
    const listOnly = (await o.send(new CreatePolicyCommand({ Name: 'ListOnly', Description: '', Type: SCP, Content: doc({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }) }))).Policy?.PolicySummary?.Id ?? '';
    await o.send(new AttachPolicyCommand({ PolicyId: listOnly, TargetId: memberId }));
    await o.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    await rejects(
      createUser(admin),
      'AccessDenied',
      new RegExp(`^User: arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/u\\d+ because no service control policy allows the iam:CreateUser action$`),
    );
    await t.iam(admin).send(new ListUsersCommand({}));
    await o.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    await o.send(new DetachPolicyCommand({ PolicyId: listOnly, TargetId: memberId }));
    await createUser(admin);
  });

  it("sts:AssumeRole by a member principal is subject to its account's SCPs", async () => {
    const o = t.organizations();
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${memberId}:root` }, Action: 'sts:AssumeRole' });
    const role = (await t.iam(admin).send(new CreateRoleCommand({ RoleName: 'Inner', AssumeRolePolicyDocument: trust }))).Role?.Arn ?? '';
    await t.sts(admin).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'inner' }));
    const denySts = (await o.send(new CreatePolicyCommand({ Name: 'NoAssume', Description: '', Type: SCP, Content: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) }))).Policy?.PolicySummary?.Id ?? '';
    await o.send(new AttachPolicyCommand({ PolicyId: denySts, TargetId: memberId }));
    await rejects(t.sts(admin).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'inner' })), 'AccessDenied', /is not authorized to perform: sts:AssumeRole on resource/);
    // The management admin is not limited by it (its own account has no SCPs).
    await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'again' }));
    await o.send(new DetachPolicyCommand({ PolicyId: denySts, TargetId: memberId }));
    await t.sts(admin).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'inner' }));
  });

  it("an RCP denying sts:AssumeRole on the member's roles blocks a cross-account AssumeRole; the management account's roles are unaffected", async () => {
    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    const accessRole = `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
    await t.sts().send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'ok' }));
    const rcp = (await o.send(new CreatePolicyCommand({ Name: 'NoAssumeRcp', Description: '', Type: RCP, Content: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }) }))).Policy?.PolicySummary?.Id ?? '';
    await o.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    await rejects(t.sts().send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'no' })), 'AccessDenied', `User: arn:aws:iam::${TEST_ACCOUNT}:user/admin is not authorized to perform: sts:AssumeRole on resource: ${accessRole}`);
    // A role of the management account, under the same root: RCPs don't affect its resources.
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    const mgmtRole = (await t.iam().send(new CreateRoleCommand({ RoleName: 'MgmtOps', AssumeRolePolicyDocument: trust }))).Role?.Arn ?? '';
    await t.sts().send(new AssumeRoleCommand({ RoleArn: mgmtRole, RoleSessionName: 'ok' }));
    await o.send(new DetachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    const r = await t.sts().send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'ok' }));
    assert.ok(r.Credentials?.SessionToken);
  });
});
