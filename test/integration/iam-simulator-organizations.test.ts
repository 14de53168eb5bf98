/**
 * The simulator runs through the organization levels enforcement applies (issue 11, item 6): a
 * member account's SCPs show in SimulatePrincipalPolicy and SimulateCustomPolicy decisions and in
 * OrganizationsDecisionDetail, and the simulator agrees with what the same principal's keys get.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_OrganizationsDecisionDetail.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, type IAMClient, ListUsersCommand, SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand, type SimulatePolicyResponse,
} from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, DetachPolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { putRole, trustAccount } from '../support/fixtures.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';
import { allowSt, decisions, policy } from './iam-simulator-support.js';
import { createOrgWithMember, denyCreateUser, memberAdmin } from './organizations-policies-support.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('simulator: service control policies', () => {
  let t: TestServer;
  let rootId: string;
  let memberId: string;
  let member: IAMClient;
  let bobKeys: Credentials;
  const bob = () => `arn:aws:iam::${memberId}:user/bob`;
  const orgDetail = (r: SimulatePolicyResponse): Record<string, boolean | undefined> =>
    Object.fromEntries((r.EvaluationResults ?? []).map((e) => [e.EvalActionName!, e.OrganizationsDecisionDetail?.AllowedByOrganizations]));

  before(async () => {
    t = await startTestServer();
    ({ rootId, memberId } = await createOrgWithMember(t));
    member = t.iam(await memberAdmin(t, memberId));
    await member.send(new CreateUserCommand({ UserName: 'bob' }));
    await member.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN_POLICY }));
    const key = (await member.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey;
    bobKeys = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
    const id = (await o.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: '', Type: SCP, Content: denyCreateUser }))).Policy?.PolicySummary?.Id;
    await o.send(new AttachPolicyCommand({ PolicyId: id, TargetId: memberId }));
  });
  after(async () => {
    await t.close();
  });

  it("SimulatePrincipalPolicy: an SCP's explicit deny shows as explicitDeny, not allowed by Organizations — as enforcement denies it", async () => {
    const r = await member.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: bob(), ActionNames: ['iam:CreateUser', 'iam:ListUsers'] }));
    assert.deepEqual(decisions(r), { 'iam:CreateUser': 'explicitDeny', 'iam:ListUsers': 'allowed' });
    assert.deepEqual(orgDetail(r), { 'iam:CreateUser': false, 'iam:ListUsers': true });
    // The SCP's own statements are not the account's to see: no MatchedStatements for the deny.
    assert.deepEqual(r.EvaluationResults?.[0]?.MatchedStatements, []);
    await rejects(t.iam(bobKeys).send(new CreateUserCommand({ UserName: 'bob2' })), 'AccessDenied', /with an explicit deny in a service control policy$/);
    await t.iam(bobKeys).send(new ListUsersCommand({}));
  });

  it('SimulatePrincipalPolicy with resources: EvalDecisionDetails is not returned when an SCP denies', async () => {
    const r = await member.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: bob(), ActionNames: ['iam:CreateUser'], ResourceArns: [`arn:aws:iam::${memberId}:user/x`] }));
    const e = r.EvaluationResults?.[0];
    assert.equal(e?.EvalDecision, 'explicitDeny');
    assert.equal(e?.EvalDecisionDetails, undefined);
    assert.equal(e?.ResourceSpecificResults?.[0]?.EvalResourceDecision, 'explicitDeny');
  });

  it('SimulateCustomPolicy runs the caller account\'s SCPs too', async () => {
    const r = await member.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy(allowSt('iam:*'))], ActionNames: ['iam:CreateUser', 'iam:GetUser'] }));
    assert.deepEqual(decisions(r), { 'iam:CreateUser': 'explicitDeny', 'iam:GetUser': 'allowed' });
    assert.deepEqual(orgDetail(r), { 'iam:CreateUser': false, 'iam:GetUser': true });
  });

  it("CallerArn in another account does not change whose SCPs apply: the calling account's, whose policies are simulated", async () => {
    // A member account naming a user of the management account (no SCPs there) still runs through its own SCPs …
    const fromMember = await member.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [policy(allowSt('iam:*'))], ActionNames: ['iam:CreateUser'], CallerArn: `arn:aws:iam::${t.account}:user/someone`,
    }));
    assert.deepEqual(decisions(fromMember), { 'iam:CreateUser': 'explicitDeny' });
    assert.deepEqual(orgDetail(fromMember), { 'iam:CreateUser': false });
    // … and naming a user of another account does not run (and so reveal) that account's SCPs.
    const fromManagement = await t.iam().send(new SimulateCustomPolicyCommand({
      PolicyInputList: [policy(allowSt('iam:*'))], ActionNames: ['iam:CreateUser'], CallerArn: bob(),
    }));
    assert.deepEqual(decisions(fromManagement), { 'iam:CreateUser': 'allowed' });
    assert.deepEqual(orgDetail(fromManagement), { 'iam:CreateUser': true });
  });

  it('an SCP level without an Allow for the action gives implicitDeny', async () => {
    const o = t.organizations();
    const listOnly = (await o.send(new CreatePolicyCommand({ Name: 'ListOnly', Description: '', Type: SCP, Content: policy(allowSt(['iam:List*', 'iam:Simulate*'])) }))).Policy?.PolicySummary?.Id;
    await o.send(new AttachPolicyCommand({ PolicyId: listOnly, TargetId: memberId }));
    await o.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    try {
      const r = await member.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: bob(), ActionNames: ['iam:GetUser', 'iam:ListUsers'] }));
      assert.deepEqual(decisions(r), { 'iam:GetUser': 'implicitDeny', 'iam:ListUsers': 'allowed' });
      assert.deepEqual(orgDetail(r), { 'iam:GetUser': false, 'iam:ListUsers': true });
      await rejects(t.iam(bobKeys).send(new GetUserCommand({})), 'AccessDenied', /because no service control policy allows the iam:GetUser action$/);
    } finally {
      await o.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    }
  });

  it('a service-linked role is not limited by SCPs; a look-alike is', async () => {
    const inline = { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
    await putRole(t, 'linked', trustAccount(memberId), { account: memberId, path: '/aws-service-role/x.amazonaws.com/', inline, serviceLinked: true });
    await putRole(t, 'lookalike', trustAccount(memberId), { account: memberId, path: '/aws-service-role/x.amazonaws.com/', inline });
    const sim = (name: string) =>
      member.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${memberId}:role/aws-service-role/x.amazonaws.com/${name}`, ActionNames: ['iam:CreateUser'] }));
    assert.deepEqual(decisions(await sim('linked')), { 'iam:CreateUser': 'allowed' });
    assert.deepEqual(decisions(await sim('lookalike')), { 'iam:CreateUser': 'explicitDeny' });
  });

  it('the management account is not governed by SCPs', async () => {
    const r = await t.iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy(allowSt('iam:*'))], ActionNames: ['iam:CreateUser'] }));
    assert.deepEqual(decisions(r), { 'iam:CreateUser': 'allowed' });
    assert.deepEqual(orgDetail(r), { 'iam:CreateUser': true });
  });
});
