/**
 * Role inline and managed policies (the policy family's table-driven actions, with roles), the
 * DeleteConflict messages of DeleteRole, ListEntitiesForPolicy with roles, and
 * ListPoliciesGrantingServiceAccess for users, groups and roles.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const MOCK_POLICY = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' } };
const allow = (action: string | string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('role policies over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const role = (RoleName: string) => iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST }));

  it('puts, gets, lists (paged) and deletes inline role policies', async () => {
    await role('inline');
    const text = JSON.stringify(MOCK_POLICY);
    for (const n of ['p1', 'p2', 'p3']) await iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: n, PolicyDocument: text }));
    const g = await iam.send(new GetRolePolicyCommand({ RoleName: 'INLINE', PolicyName: 'p1' }));
    assert.equal(g.RoleName, 'inline');
    assert.equal(decodeURIComponent(g.PolicyDocument!), text);
    const names: string[] = [];
    for await (const p of paginateListRolePolicies({ client: iam, pageSize: 2 }, { RoleName: 'inline' })) names.push(...(p.PolicyNames ?? []));
    assert.deepEqual(names, ['p1', 'p2', 'p3']);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'inline' })), 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
    for (const n of ['p1', 'p2', 'p3']) await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: n }));
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames, []);
    await rejectsWith(iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'p1' })), 'NoSuchEntity', 'The role policy with name p1 cannot be found.', 404);
    await rejectsWith(iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'p1' })), 'NoSuchEntity', 'The role policy with name p1 cannot be found.');
    await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: 'nonexistent-role', PolicyName: 'x', PolicyDocument: text })), 'NoSuchEntity', 'The role with name nonexistent-role cannot be found.');
    await iam.send(new DeleteRoleCommand({ RoleName: 'inline' }));
  });

  it('caps a role\'s inline policies at 10,240 characters together', async () => {
    await role('big-inline');
    const doc = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(n), Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const base = doc(0).length;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'big-inline', PolicyName: 'a', PolicyDocument: doc(6000 - base) }));
    await rejectsWith(
      iam.send(new PutRolePolicyCommand({ RoleName: 'big-inline', PolicyName: 'b', PolicyDocument: doc(4241 - base) })),
      'LimitExceeded',
      'Maximum policy size of 10240 bytes exceeded for role big-inline',
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'big-inline', PolicyName: 'b', PolicyDocument: doc(4240 - base) }));
  });

  it('attaches, lists (paged), detaches managed policies; at most 10; DeleteRole refuses while attached', async () => {
    await role('managed');
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) {
      const p = await iam.send(new CreatePolicyCommand({ PolicyName: `mp-${i}`, PolicyDocument: JSON.stringify(MOCK_POLICY) }));
      arns.push(p.Policy!.Arn!);
    }
    for (const a of arns.slice(0, 10)) await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: a }));
    await rejectsWith(iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: arns[10]! })), 'LimitExceeded', 'Cannot exceed quota for PoliciesPerRole: 10', 409);
    const listed: string[] = [];
    for await (const p of paginateListAttachedRolePolicies({ client: iam, pageSize: 4 }, { RoleName: 'managed' })) listed.push(...(p.AttachedPolicies ?? []).map((x) => x.PolicyName!));
    assert.equal(listed.length, 10);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arns[0]! }))).Policy?.AttachmentCount, 1);
    const ents = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0]! }));
    assert.deepEqual(ents.PolicyRoles?.map((r) => r.RoleName), ['managed']);
    assert.match(ents.PolicyRoles?.[0]?.RoleId ?? '', /^AROA/);
    assert.deepEqual((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0]!, EntityFilter: 'Role' }))).PolicyRoles?.length, 1);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'managed' })), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
    for (const a of arns.slice(0, 10)) await iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: a }));
    await rejectsWith(iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: arns[0]! })), 'NoSuchEntity', `Policy ${arns[0]} was not found.`, 404);
    await rejectsWith(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: `${ARN}:policy/nonexistent-policy` })),
      'NoSuchEntity',
      `Policy ${ARN}:policy/nonexistent-policy does not exist or is not attachable.`,
    );
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed' }))).AttachedPolicies, []);
    assert.deepEqual((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0]! }))).PolicyRoles, []);
    await iam.send(new DeleteRoleCommand({ RoleName: 'managed' }));
  });

  describe('ListPoliciesGrantingServiceAccess', () => {
    it('reports, per namespace, which of a role\'s policies grant access', async () => {
      await role('svc');
      await iam.send(new PutRolePolicyCommand({ RoleName: 'svc', PolicyName: 's3-read', PolicyDocument: allow(['s3:Get*', 's3:List*']) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'svc', PolicyName: 'not-iam', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }) }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'svc', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      const r = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `${ARN}:role/svc`, ServiceNamespaces: ['s3', 'iam', 'ec2'] }));
      assert.equal(r.IsTruncated, false);
      const byNs: Record<string, (string | undefined)[]> = {};
      for (const e of r.PoliciesGrantingServiceAccess ?? []) byNs[e.ServiceNamespace!] = (e.Policies ?? []).map((p) => p.PolicyName);
      assert.deepEqual(byNs, { s3: ['not-iam', 's3-read', 'AdministratorAccess'], iam: ['AdministratorAccess'], ec2: ['not-iam', 'AdministratorAccess'] });
      const s3 = r.PoliciesGrantingServiceAccess![0]!.Policies!;
      assert.deepEqual(s3.find((p) => p.PolicyName === 's3-read'), { PolicyName: 's3-read', PolicyType: 'INLINE', EntityType: 'ROLE', EntityName: 'svc' });
      assert.deepEqual(s3.find((p) => p.PolicyName === 'AdministratorAccess'), { PolicyName: 'AdministratorAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    });

    it('includes the policies of a user\'s groups; works for groups; refuses unknown entities', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'svc-user' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'svc-group' }));
      await iam.send(new AddUserToGroupCommand({ UserName: 'svc-user', GroupName: 'svc-group' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'svc-user', PolicyName: 'mine', PolicyDocument: allow('sqs:SendMessage') }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'svc-group', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }));
      const u = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `${ARN}:user/svc-user`, ServiceNamespaces: ['sqs', 'dynamodb'] }));
      assert.deepEqual(u.PoliciesGrantingServiceAccess?.[0]?.Policies, [
        { PolicyName: 'mine', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'svc-user' },
        { PolicyName: 'AmazonSQSFullAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' },
      ]);
      assert.deepEqual(u.PoliciesGrantingServiceAccess?.[1], { ServiceNamespace: 'dynamodb', Policies: [] });
      const g = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `${ARN}:group/svc-group`, ServiceNamespaces: ['sqs'] }));
      assert.deepEqual(g.PoliciesGrantingServiceAccess?.[0]?.Policies?.map((p) => p.PolicyName), ['AmazonSQSFullAccess']);
      await rejectsWith(
        iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `${ARN}:role/nope`, ServiceNamespaces: ['s3'] })),
        'NoSuchEntity',
        'The role with name nope cannot be found.',
      );
      await rejectsWith(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: 'arn:aws:s3:::bucket-name', ServiceNamespaces: ['s3'] })), 'InvalidInput');
    });
  });
});
