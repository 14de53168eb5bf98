/**
 * Service-linked roles (issue 11, item 2): CreateRole refuses their path prefix as AWS does, and
 * the SCP exemption rests on the stored fact that only service-linked-role code sets — a role
 * whose ARN merely reads like one is governed by its account's SCPs.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, CreateUserCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { allow, putRole, trustAccount } from '../support/fixtures.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';
import { createOrgWithMember, denyCreateUser, memberAdmin } from './organizations-policies-support.js';

const SLR_PATH = '/aws-service-role/x.amazonaws.com/';
const PREFIX_MESSAGE = "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles";

describe('service-linked roles', () => {
  let t: TestServer;
  let memberId: string;
  let admin: Credentials;
  let n = 0;

  /** Credentials of a session of `role` in the member account, assumed by the member's admin. */
  async function session(role: string): Promise<Credentials> {
    const r = await t.sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role${SLR_PATH}${role}`, RoleSessionName: 'slr' }));
    const c = r.Credentials;
    return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' };
  }
  const createUser = (creds: Credentials) => t.iam(creds).send(new CreateUserCommand({ UserName: `slr-user-${++n}` }));

  before(async () => {
    t = await startTestServer();
    let rootId: string;
    ({ rootId, memberId } = await createOrgWithMember(t));
    admin = await memberAdmin(t, memberId);
    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const id = (await o.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: denyCreateUser }))).Policy?.PolicySummary?.Id;
    await o.send(new AttachPolicyCommand({ PolicyId: id, TargetId: memberId }));
  });
  after(async () => {
    await t.close();
  });

  it("CreateRole refuses the '/aws-service-role/' path prefix with AWS's InvalidInput", async () => {
    const trust = JSON.stringify(trustAccount(memberId));
    for (const iam of [t.iam(), t.iam(admin)]) {
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'AWSServiceRoleForX', Path: SLR_PATH, AssumeRolePolicyDocument: trust })), 'InvalidInput', PREFIX_MESSAGE, 400);
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'AWSServiceRoleForY', Path: '/aws-service-role/', AssumeRolePolicyDocument: trust })), 'InvalidInput', PREFIX_MESSAGE, 400);
      await rejects(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForX' })), 'NoSuchEntity');
    }
    // Only the prefix is reserved: a path that merely contains the words is an ordinary path.
    await t.iam(admin).send(new CreateRoleCommand({ RoleName: 'ordinary', Path: '/team/aws-service-role/', AssumeRolePolicyDocument: trust }));
  });

  it('a role whose ARN reads like a service-linked role, without the stored fact, is limited by SCPs', async () => {
    await putRole(t, 'lookalike', trustAccount(memberId), { account: memberId, path: SLR_PATH, inline: { users: allow('iam:CreateUser') } });
    const creds = await session('lookalike');
    await rejects(createUser(creds), 'AccessDenied', /with an explicit deny in a service control policy$/);
  });

  it('a service-linked role (the stored fact) is not limited by SCPs', async () => {
    await putRole(t, 'linked', trustAccount(memberId), { account: memberId, path: SLR_PATH, inline: { users: allow('iam:CreateUser') }, serviceLinked: true });
    await createUser(await session('linked'));
  });
});
