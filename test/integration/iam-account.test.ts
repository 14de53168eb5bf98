/**
 * GetAccountSummary and GetAccountAuthorizationDetails over HTTP with the AWS SDK v3, against the
 * shapes recorded from AWS (LocalStack test_iam_account_summary / _authorization_details snapshots).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand, AddUserToGroupCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand,
  CreateInstanceProfileCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand,
  GetAccountAuthorizationDetailsCommand, type GetAccountAuthorizationDetailsCommandOutput, GetAccountSummaryCommand, type IAMClient,
  PutGroupPolicyCommand, PutRolePolicyCommand, PutUserPolicyCommand, TagRoleCommand, TagUserCommand, paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { type TestServer, startTestServer } from '../support/server.js';
import { accessKey, putUser, rejects } from './iam-policies-fixtures.js';

const MOCK_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: 's3:ListBucket', Resource: '*', Effect: 'Allow' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';

describe('iam account', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const summary = async (): Promise<Record<string, number>> => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap as Record<string, number>;

  describe('GetAccountSummary', () => {
    it("answers AWS's quotas", async () => {
      const s = await summary();
      const quotas = {
        AccessKeysPerUserQuota: 2, AccountAccessKeysPresent: 0, AccountMFAEnabled: 0, AccountSigningCertificatesPresent: 0, AssumeRolePolicySizeQuota: 2048,
        AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10, AttachedPoliciesPerUserQuota: 10, GlobalEndpointTokenVersion: 1,
        GroupPolicySizeQuota: 5120, GroupsPerUserQuota: 10, GroupsQuota: 300, InstanceProfilesQuota: 1000, PoliciesQuota: 1500, PolicySizeQuota: 6144,
        PolicyVersionsInUseQuota: 10000, RolePolicySizeQuota: 10240, RolesQuota: 1000, ServerCertificatesQuota: 20, SigningCertificatesPerUserQuota: 2,
        UserPolicySizeQuota: 2048, UsersQuota: 5000, VersionsPerPolicyQuota: 5,
      };
      for (const [k, v] of Object.entries(quotas)) assert.equal(s[k], v, k);
      for (const k of ['Users', 'Groups', 'Roles', 'Policies', 'InstanceProfiles', 'Providers', 'MFADevices', 'MFADevicesInUse', 'PolicyVersionsInUse', 'ServerCertificates', 'AccountPasswordPresent']) {
        assert.equal(typeof s[k], 'number', k);
      }
      // The bootstrap admin holds AdministratorAccess.
      assert.equal(s.Users, 1);
      assert.equal(s.PolicyVersionsInUse, 1);
    });

    it('counts what is created, as the deltas AWS reports', async () => {
      const before0 = await summary();
      await iam.send(new CreateUserCommand({ UserName: 'sum-user' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'sum-group' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'sum-role', AssumeRolePolicyDocument: TRUST }));
      const p = await iam.send(new CreatePolicyCommand({ PolicyName: 'sum-policy', PolicyDocument: MOCK_POLICY }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'sum-role', PolicyArn: p.Policy!.Arn! }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'sum-ip' }));
      const after0 = await summary();
      const delta = (k: string): number => (after0[k] ?? 0) - (before0[k] ?? 0);
      assert.deepEqual(
        Object.fromEntries(['Users', 'Groups', 'Roles', 'Policies', 'PolicyVersionsInUse', 'InstanceProfiles', 'AccountPasswordPresent'].map((k) => [k, delta(k)])),
        { Users: 1, Groups: 1, Roles: 1, Policies: 1, PolicyVersionsInUse: 1, InstanceProfiles: 1, AccountPasswordPresent: 0 },
      );
    });

    it('is authorized against "*"', async () => {
      await putUser(t, 'sum-nobody');
      await rejects(t.iam(await accessKey(t, 'sum-nobody')).send(new GetAccountSummaryCommand({})), 'AccessDenied', /iam:GetAccountSummary on resource: \*/);
    });
  });

  describe('GetAccountAuthorizationDetails', () => {
    let policyArn: string;
    before(async () => {
      policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'gaad-policy', PolicyDocument: MOCK_POLICY }))).Policy!.Arn!;
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: MOCK_POLICY.replace('ListBucket', 'GetObject'), SetAsDefault: true }));
      await iam.send(new CreateUserCommand({ UserName: 'gaad-user' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'gaad-user', PolicyName: 'user-inline', PolicyDocument: MOCK_POLICY }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'gaad-user', PolicyArn: policyArn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'gaad-user', PolicyArn: S3_FULL }));
      await iam.send(new TagUserCommand({ UserName: 'gaad-user', Tags: [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }] }));
      await iam.send(new CreateGroupCommand({ GroupName: 'gaad-group' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'gaad-group', UserName: 'gaad-user' }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'gaad-group', PolicyName: 'group-inline', PolicyDocument: MOCK_POLICY }));
      await iam.send(new CreateRoleCommand({ RoleName: 'gaad-role', Path: '/my-path/', AssumeRolePolicyDocument: TRUST, Description: 'testing role' }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'gaad-role', PolicyName: 'inline-policy', PolicyDocument: MOCK_POLICY }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'gaad-role', PolicyArn: policyArn }));
      await iam.send(new TagRoleCommand({ RoleName: 'gaad-role', Tags: [{ Key: 'somekey', Value: 'somevalue' }] }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'gaad-ip' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'gaad-ip', RoleName: 'gaad-role' }));
      await iam.send(new CreateUserCommand({ UserName: 'gaad-plain' }));
    });

    const all = async (Filter?: ('User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy')[]): Promise<GetAccountAuthorizationDetailsCommandOutput> =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ ...(Filter === undefined ? {} : { Filter }), MaxItems: 1000 }));

    it('describes users with inline and attached policies, groups and tags', async () => {
      const r = await all(['User']);
      assert.deepEqual([r.GroupDetailList, r.RoleDetailList, r.Policies], [[], [], []]);
      const u = r.UserDetailList!.find((x) => x.UserName === 'gaad-user')!;
      assert.equal(u.Arn, `arn:aws:iam::${t.account}:user/gaad-user`);
      assert.match(u.UserId ?? '', /^AIDA/);
      assert.deepEqual(u.UserPolicyList, [{ PolicyName: 'user-inline', PolicyDocument: encodeURIComponent(MOCK_POLICY) }]);
      assert.deepEqual(u.GroupList, ['gaad-group']);
      assert.deepEqual(u.AttachedManagedPolicies?.map((a) => a.PolicyArn).sort(), [S3_FULL, policyArn].sort());
      assert.deepEqual(u.Tags, [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);
      // As AWS: no UserPolicyList without inline policies, but empty GroupList / policies / Tags.
      const plain = r.UserDetailList!.find((x) => x.UserName === 'gaad-plain')!;
      assert.equal(plain.UserPolicyList, undefined);
      assert.deepEqual([plain.GroupList, plain.AttachedManagedPolicies, plain.Tags], [[], [], []]);
    });

    it('describes groups and roles, with instance profiles and RoleLastUsed {}', async () => {
      const r = await all(['Group', 'Role']);
      const g = r.GroupDetailList!.find((x) => x.GroupName === 'gaad-group')!;
      assert.deepEqual(g.GroupPolicyList, [{ PolicyName: 'group-inline', PolicyDocument: encodeURIComponent(MOCK_POLICY) }]);
      assert.deepEqual(g.AttachedManagedPolicies, []);
      const role = r.RoleDetailList!.find((x) => x.RoleName === 'gaad-role')!;
      assert.equal(role.Path, '/my-path/');
      assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST);
      assert.deepEqual(role.RolePolicyList, [{ PolicyName: 'inline-policy', PolicyDocument: encodeURIComponent(MOCK_POLICY) }]);
      assert.deepEqual(role.AttachedManagedPolicies, [{ PolicyName: 'gaad-policy', PolicyArn: policyArn }]);
      assert.deepEqual(role.Tags, [{ Key: 'somekey', Value: 'somevalue' }]);
      assert.deepEqual(role.RoleLastUsed, {});
      assert.equal(role.InstanceProfileList?.length, 1);
      const ip = role.InstanceProfileList[0]!;
      assert.equal(ip.InstanceProfileName, 'gaad-ip');
      assert.deepEqual(ip.Roles?.map((x) => [x.RoleName, x.Path]), [['gaad-role', '/my-path/']]);
      assert.equal(r.UserDetailList?.length, 0);
    });

    it('lists customer managed policies with every version, and AWS managed ones only when used', async () => {
      const local = (await all(['LocalManagedPolicy'])).Policies!;
      const p = local.find((x) => x.PolicyName === 'gaad-policy')!;
      assert.equal(p.DefaultVersionId, 'v2');
      assert.equal(p.AttachmentCount, 2);
      assert.deepEqual(p.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);
      assert.equal(decodeURIComponent(p.PolicyVersionList[1]!.Document!), MOCK_POLICY);
      assert.ok(local.every((x) => !x.Arn!.startsWith('arn:aws:iam::aws:')));
      const aws = (await all(['AWSManagedPolicy'])).Policies!;
      assert.deepEqual(aws.map((x) => x.PolicyName).sort(), ['AdministratorAccess', 'AmazonS3FullAccess']);
      const s3 = aws.find((x) => x.PolicyName === 'AmazonS3FullAccess')!;
      assert.equal(s3.AttachmentCount, 1);
      assert.equal(s3.PolicyVersionList?.[0]?.IsDefaultVersion, true);
    });

    it('pages across all four lists with MaxItems and Marker', async () => {
      const full = await all();
      const total = full.UserDetailList!.length + full.GroupDetailList!.length + full.RoleDetailList!.length + full.Policies!.length;
      assert.equal(full.IsTruncated, false);
      const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2 }));
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      let count = 0;
      const users: string[] = [];
      for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 3 }, {})) {
        count += page.UserDetailList!.length + page.GroupDetailList!.length + page.RoleDetailList!.length + page.Policies!.length;
        users.push(...page.UserDetailList!.map((u) => u.UserName!));
      }
      assert.equal(count, total);
      assert.deepEqual(users, full.UserDetailList!.map((u) => u.UserName));
    });

    it('refuses an unknown filter and an unauthorized caller', async () => {
      await rejects(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Bogus' as 'User'] })), 'ValidationError', /Member must satisfy enum value set/);
      await putUser(t, 'gaad-nobody');
      await rejects(t.iam(await accessKey(t, 'gaad-nobody')).send(new GetAccountAuthorizationDetailsCommand({})), 'AccessDenied');
    });
  });
});
