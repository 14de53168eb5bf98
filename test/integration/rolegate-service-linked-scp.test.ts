/**
 * rolegate:AssumeRoleForService on a service-linked role, and SCPs. AWS exempts service-linked
 * roles' sessions from SCPs because only AWS's services assume those roles
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html);
 * Rolegate hands such a session to its caller, so a caller whose account SCPs govern (a member
 * account of an organization with SCPs enabled) is refused — else it would escape its SCPs. The
 * management account ("SCPs don't affect users or roles in the management account") and a member
 * whose organization has SCPs disabled are not governed: their services still get the session.
 * Set-up through SDK v3 (IAM, Organizations); the call through the signed rolegate client; the
 * issued credentials used with SDK v3's IAM client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateServiceLinkedRoleCommand, CreateUserCommand, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, DisablePolicyTypeCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, memberAdmin, rejects } from './organizations-policies-support.js';

const CONFIG = 'config.amazonaws.com';
const denyListRoles = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }] });

describe('rolegate AssumeRoleForService on a service-linked role: no escape from SCPs', () => {
  let t: TestServer;
  let rootId: string;
  let memberId: string;
  let admin: Credentials;
  let memberRole: string;

  before(async () => {
    t = await startTestServer();
    ({ rootId, memberId } = await createOrgWithMember(t));
    admin = await memberAdmin(t, memberId);
    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const id = (await o.send(new CreatePolicyCommand({ Name: 'NoListRoles', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: denyListRoles }))).Policy?.PolicySummary?.Id;
    await o.send(new AttachPolicyCommand({ PolicyId: id, TargetId: memberId }));
    // AWS Config's service-linked role: its AWS managed policy allows iam:ListRoles.
    memberRole = (await t.iam(admin).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG }))).Role!.Arn!;
  });
  after(async () => {
    await t.close();
  });

  const asCreds = (json: Record<string, unknown>): Credentials => {
    const c = json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  };
  const assume = (creds: Credentials, roleArn: string) => rolegateClient(t, creds).send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: CONFIG, RoleSessionName: 'config' });

  it("a member account's admin, limited by an SCP, is refused a session of the service-linked role", async () => {
    // The SCP is in force for the admin (its AdministratorAccess allows everything else).
    await rejects(t.iam(admin).send(new ListRolesCommand({})), 'AccessDenied', /with an explicit deny in a service control policy$/);
    const r = await assume(admin, memberRole);
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.deepEqual(r.json, {
      __type: 'AccessDeniedException',
      Message: `User: arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to obtain a session of the service-linked role ${memberRole}: service control policies govern account ${memberId}, and they do not apply to service-linked roles' sessions`,
    });
  });

  it("the management account's service identity still gets the session, which no SCP limits", async () => {
    const iam = t.iam();
    const roleArn = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG }))).Role!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'config-service' }));
    const statement = { Effect: 'Allow', Action: 'rolegate:AssumeRoleForService', Resource: roleArn };
    await iam.send(new PutUserPolicyCommand({ UserName: 'config-service', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'config-service' }))).AccessKey!;
    const r = await assume({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }, roleArn);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const listed = await t.iam(asCreds(r.json)).send(new ListRolesCommand({}));
    assert.ok(listed.Roles?.some((role) => role.Arn === roleArn));
  });

  it('a member account whose organization has SCPs disabled is not governed: its service gets the session', async () => {
    await t.organizations().send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const r = await assume(admin, memberRole);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await t.iam(asCreds(r.json)).send(new ListRolesCommand({}));
  });
});
