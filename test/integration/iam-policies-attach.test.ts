/**
 * Managed policy attachments (users, groups), ListEntitiesForPolicy, and DeletePolicy's
 * attachment conflicts, over HTTP with the AWS SDK v3. Users and groups are written straight
 * into the store (iam-policies-fixtures.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  paginateListAttachedUserPolicies,
  paginateListEntitiesForPolicy,
} from '@aws-sdk/client-iam';
import { KIND } from '../../src/iam/model.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { DOC, putGroup, putUser, rejects, setBoundary } from './iam-policies-fixtures.js';

const ARN = (name: string, path = '/'): string => `arn:aws:iam::${TEST_ACCOUNT}:policy${path}${name}`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const SERVICE_ROLE_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/APIGatewayServiceRolePolicy';

describe('iam managed policy attachments', () => {
  let t: TestServer;
  let iam: IAMClient;
  const count = async (arn: string): Promise<number> => (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount!;

  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await putUser(t, 'alice');
    await putUser(t, 'bob', { path: '/eng/' });
    await putGroup(t, 'Devs');
    for (let i = 0; i < 11; i++) await iam.send(new CreatePolicyCommand({ PolicyName: `P${i}`, PolicyDocument: DOC, Path: i === 0 ? '/team/' : '/' }));
  });
  after(async () => {
    await t.close();
  });

  describe('users', () => {
    it('attaches customer and AWS managed policies, writing both items and counting', async () => {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P0', '/team/') }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'ALICE', PolicyArn: READ_ONLY }));
      assert.equal(await count(ARN('P0', '/team/')), 1);
      assert.equal(await count(READ_ONLY), 1);
      const items = await t.server.store.read(async (tx) => ({
        a: await tx.get(t.account, KIND.attachment, `user/alice/${ARN('P0', '/team/')}`),
        e: await tx.get(t.account, KIND.policyEntity, `${ARN('P0', '/team/')}/user/alice`),
      }));
      assert.deepEqual(items.a?.data, { policyArn: ARN('P0', '/team/'), policyName: 'P0', seq: 1 });
      assert.equal((items.e?.data as { entityType: string }).entityType, 'user');
    });

    it('treats attaching an attached policy as a no-op', async () => {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P0', '/team/') }));
      assert.equal(await count(ARN('P0', '/team/')), 1);
    });

    it('lists attached policies with PathPrefix and the paginator', async () => {
      const r = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
      assert.deepEqual(r.AttachedPolicies, [
        { PolicyName: 'P0', PolicyArn: ARN('P0', '/team/') },
        { PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY },
      ]);
      assert.equal(r.IsTruncated, false);
      const team = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', PathPrefix: '/team/' }));
      assert.deepEqual(team.AttachedPolicies!.map((p) => p.PolicyName), ['P0']);
      const names: string[] = [];
      for await (const page of paginateListAttachedUserPolicies({ client: iam, pageSize: 1 }, { UserName: 'alice' })) names.push(...page.AttachedPolicies!.map((p) => p.PolicyName!));
      assert.deepEqual(names, ['P0', 'ReadOnlyAccess']);
      await rejects(iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'nobody' })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    });

    it('answers AWS errors for unknown users and policies', async () => {
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'nobody', PolicyArn: ARN('P1') })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: `${ARN('P1')}123` })), 'NoSuchEntity', `Policy ${ARN('P1')}123 does not exist or is not attachable.`, 404);
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 'ARN longpolicynamebutnoarn is not valid.', 400);
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P1', '/wrong/') })), 'NoSuchEntity', `Policy ${ARN('P1', '/wrong/')} does not exist or is not attachable.`);
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: SERVICE_ROLE_POLICY })), 'PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.', 400);
    });

    it('allows at most 10 managed policies per user', async () => {
      for (let i = 1; i <= 8; i++) await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN(`P${i}`) }));
      await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P9') })), 'LimitExceeded', 'Cannot exceed quota for PoliciesPerUser: 10', 409);
      assert.equal(await count(ARN('P9')), 0, 'nothing written');
      for (let i = 1; i <= 8; i++) await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN(`P${i}`) }));
    });

    it('refuses DeletePolicy while attached, and detaches', async () => {
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: ARN('P0', '/team/') })), 'DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
      await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P0', '/team/') }));
      assert.equal(await count(ARN('P0', '/team/')), 0);
      await rejects(iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P0', '/team/') })), 'NoSuchEntity', `Policy ${ARN('P0', '/team/')} was not found.`, 404);
      await rejects(iam.send(new DetachUserPolicyCommand({ UserName: 'nobody', PolicyArn: READ_ONLY })), 'NoSuchEntity', 'The user with name nobody cannot be found.');
      const gone = await t.server.store.read((tx) => tx.get(t.account, KIND.policyEntity, `${ARN('P0', '/team/')}/user/alice`));
      assert.equal(gone, undefined);
    });
  });

  describe('groups', () => {
    it('attaches, lists, limits and detaches group policies', async () => {
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: ARN('P1') }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Devs', PolicyArn: READ_ONLY }));
      const r = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Devs' }));
      assert.deepEqual(r.AttachedPolicies!.map((p) => p.PolicyName), ['P1', 'ReadOnlyAccess']);
      assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Devs', PathPrefix: '/team/' }))).AttachedPolicies, []);
      assert.equal(await count(ARN('P1')), 1);
      for (let i = 2; i <= 9; i++) await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Devs', PolicyArn: ARN(`P${i}`) }));
      await rejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'Devs', PolicyArn: ARN('P10') })), 'LimitExceeded', 'Cannot exceed quota for PoliciesPerGroup: 10');
      for (let i = 2; i <= 9; i++) await iam.send(new DetachGroupPolicyCommand({ GroupName: 'Devs', PolicyArn: ARN(`P${i}`) }));
      await rejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'nobody', PolicyArn: ARN('P1') })), 'NoSuchEntity', 'The group with name nobody cannot be found.', 404);
      await rejects(iam.send(new DetachGroupPolicyCommand({ GroupName: 'Devs', PolicyArn: ARN('P2') })), 'NoSuchEntity', `Policy ${ARN('P2')} was not found.`);
      await rejects(iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'nobody' })), 'NoSuchEntity', 'The group with name nobody cannot be found.');
    });
  });

  describe('ListEntitiesForPolicy', () => {
    before(async () => {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ARN('P1') }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ARN('P1') }));
      await setBoundary(t, 'bob', ARN('P10'));
    });

    it('lists users and groups a policy is attached to', async () => {
      const r = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P1') }));
      assert.deepEqual(r.PolicyGroups!.map((g) => g.GroupName), ['Devs']);
      assert.deepEqual(r.PolicyUsers!.map((u) => u.UserName), ['alice', 'bob']);
      assert.match(r.PolicyUsers![0]!.UserId!, /^AIDA/);
      assert.deepEqual(r.PolicyRoles, []);
      assert.equal(r.IsTruncated, false);
    });

    it('filters by EntityFilter and PathPrefix, and pages', async () => {
      const users = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P1'), EntityFilter: 'User' }));
      assert.deepEqual(users.PolicyGroups, []);
      assert.equal(users.PolicyUsers!.length, 2);
      const eng = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P1'), PathPrefix: '/eng/' }));
      assert.deepEqual(eng.PolicyUsers!.map((u) => u.UserName), ['bob']);
      assert.deepEqual(eng.PolicyGroups, []);
      const none = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P1'), EntityFilter: 'LocalManagedPolicy' }));
      assert.deepEqual([none.PolicyUsers, none.PolicyGroups, none.PolicyRoles], [[], [], []]);
      const seen: string[] = [];
      for await (const page of paginateListEntitiesForPolicy({ client: iam, pageSize: 1 }, { PolicyArn: ARN('P1') })) {
        seen.push(...page.PolicyGroups!.map((g) => g.GroupName!), ...page.PolicyUsers!.map((u) => u.UserName!));
      }
      assert.deepEqual(seen, ['Devs', 'alice', 'bob']);
    });

    it('lists AWS managed policy attachments in this account', async () => {
      const r = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      assert.deepEqual(r.PolicyUsers!.map((u) => u.UserName), ['admin']);
      await rejects(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('Nope') })), 'NoSuchEntity', `Policy ${ARN('Nope')} does not exist or is not attachable.`);
    });

    it('knows permissions boundaries: PolicyUsageFilter, counts, DeleteConflict', async () => {
      const b = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P10'), PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(b.PolicyUsers!.map((u) => u.UserName), ['bob']);
      const p = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ARN('P10'), PolicyUsageFilter: 'PermissionsPolicy' }));
      assert.deepEqual(p.PolicyUsers, []);
      const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: ARN('P10') }))).Policy!;
      assert.equal(policy.PermissionsBoundaryUsageCount, 1);
      assert.equal(policy.AttachmentCount, 0);
      const boundaries = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(boundaries.Policies!.map((x) => x.PolicyName), ['P10']);
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: ARN('P10') })), 'DeleteConflict', 'Cannot delete a policy attached to entities.');
      await setBoundary(t, 'bob', undefined);
      await iam.send(new DeletePolicyCommand({ PolicyArn: ARN('P10') }));
    });
  });
});
