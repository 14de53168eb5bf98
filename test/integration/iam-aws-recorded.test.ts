/**
 * IAM answers compared with what AWS answered, call for call: each test replays an exchange that
 * LocalStack recorded against real AWS (tests/aws/services/iam/test_iam_*.py and their
 * *.snapshot.json, named in each test) — the same calls, the same response members, error codes,
 * statuses and messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteServerCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  DetachRolePolicyCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetSSHPublicKeyCommand,
  GetServerCertificateCommand,
  GetUserCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  ListSigningCertificatesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UpdateSSHPublicKeyCommand,
  UpdateSigningCertificateCommand,
  UpdateUserCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { hotp, stepAt } from '../../src/credentials/totp.js';
import { seedOf } from '../support/totp.js';
import { selfSigned } from '../support/certs.js';
import { rejectsWith } from '../support/iam-identity.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const SAMPLE_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const TAG_KEY_CONSTRAINTS =
  '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]';

describe('IAM as AWS answered it (LocalStack recordings)', () => {
  let t: TestServer;
  let iam: IAMClient;
  const clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  const policy = async (name: string, extra: { Tags?: Tag[]; Description?: string } = {}): Promise<string> =>
    (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: SAMPLE_POLICY, ...extra }))).Policy!.Arn!;

  describe('users', () => {
    // test_iam.py::TestIAMExtensions::test_create_user_with_permission_boundary
    it('reports a user boundary as PermissionsBoundaryType "Policy"', async () => {
      const p = await policy('user-boundary');
      const created = await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: p }));
      assert.deepEqual(created.User?.PermissionsBoundary, { PermissionsBoundaryArn: p, PermissionsBoundaryType: 'Policy' });
      const got = await iam.send(new GetUserCommand({ UserName: 'bounded' }));
      assert.deepEqual(got.User?.PermissionsBoundary, { PermissionsBoundaryArn: p, PermissionsBoundaryType: 'Policy' });
    });

    // test_iam_users.py::TestUserRename::test_user_rename_updates_mfa_devices
    it('keeps an MFA device assigned to a renamed user, and frees the old name', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'mfa-before' }));
      const dev = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-rename' }))).VirtualMFADevice!;
      const seed = seedOf(dev.Base32StringSeed!);
      await iam.send(new EnableMFADeviceCommand({
        UserName: 'mfa-before', SerialNumber: dev.SerialNumber!, AuthenticationCode1: hotp(seed, stepAt(clock) - 1), AuthenticationCode2: hotp(seed, stepAt(clock)),
      }));
      const before = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-before' }));
      assert.deepEqual(before.MFADevices?.map((d) => [d.SerialNumber, d.UserName]), [[`${ARN}:mfa/mfa-rename`, 'mfa-before']]);
      const userId = (await iam.send(new GetUserCommand({ UserName: 'mfa-before' }))).User!.UserId;

      await iam.send(new UpdateUserCommand({ UserName: 'mfa-before', NewUserName: 'mfa-after' }));
      const got = await iam.send(new GetUserCommand({ UserName: 'mfa-after' }));
      assert.equal(got.User?.UserId, userId);
      assert.equal(got.User?.Arn, `${ARN}:user/mfa-after`);
      const afterList = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-after' }));
      assert.equal(afterList.IsTruncated, false);
      assert.deepEqual(afterList.MFADevices?.map((d) => [d.SerialNumber, d.UserName]), [[`${ARN}:mfa/mfa-rename`, 'mfa-after']]);
      const virtual = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
      assert.equal(virtual.VirtualMFADevices?.find((d) => d.SerialNumber === dev.SerialNumber)?.User?.UserName, 'mfa-after');
      // The old name is free again, with nothing left under it.
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'mfa-before' })), 'NoSuchEntity', 'The user with name mfa-before cannot be found.', 404);
      await iam.send(new CreateUserCommand({ UserName: 'mfa-before' }));
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-before' }))).MFADevices, []);
    });

    // test_iam_users.py::TestUserGroups::test_user_group_membership ("remove-nonmember-user-from-group")
    it('RemoveUserFromGroup of a user who is not a member answers 200', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'member' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'group-1' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'group-1', UserName: 'member' }));
      const removed = await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'group-1', UserName: 'member' }));
      assert.equal(removed.$metadata.httpStatusCode, 200);
      assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'member' }))).Groups, []);
      const again = await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'group-1', UserName: 'member' }));
      assert.equal(again.$metadata.httpStatusCode, 200);
    });

    // test_iam_groups.py::test_remove_user_from_unknown_group; test_iam_users.py::test_user_group_errors
    it('RemoveUserFromGroup looks the user up before the group', async () => {
      await rejectsWith(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'non-existent-group', UserName: 'any-user' })), 'NoSuchEntity', 'The user with name any-user cannot be found.', 404);
      await rejectsWith(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'nonexistent-group', UserName: 'member' })), 'NoSuchEntity', 'The group with name nonexistent-group cannot be found.', 404);
    });

    // test_iam_users.py::TestUserAccessKeys::test_access_key_errors ("get-last-used-nonexistent-key-error")
    it('GetAccessKeyLastUsed of an unknown key is 403 AccessDenied naming the key', async () => {
      const caller = (await t.sts().send(new GetCallerIdentityCommand({}))).Arn!;
      await rejectsWith(
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })),
        'AccessDenied',
        `User: ${caller} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE`,
        403,
      );
    });
  });

  describe('managed-policy tags', () => {
    // test_iam_policies.py::TestPolicyTags::test_policy_tag_lifecycle
    it('keeps keys that differ in case apart, and GetPolicy shows Tags [] when there are none', async () => {
      const created = await iam.send(new CreatePolicyCommand({
        PolicyName: 'tagged', PolicyDocument: SAMPLE_POLICY, Description: 'testing',
        Tags: [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }],
      }));
      assert.deepEqual(created.Policy?.Tags, [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);
      assert.equal(created.Policy?.Description, undefined, 'CreatePolicy does not echo the description');
      const got = await iam.send(new GetPolicyCommand({ PolicyArn: created.Policy.Arn! }));
      assert.equal(got.Policy?.Description, 'testing');
      assert.deepEqual(got.Policy?.Tags, [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);

      const plain = await iam.send(new CreatePolicyCommand({ PolicyName: 'untagged', PolicyDocument: SAMPLE_POLICY }));
      assert.equal(plain.Policy?.Tags, undefined);
      assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: plain.Policy!.Arn! }))).Policy?.Tags, []);

      const cased = await policy('case-sensitive', { Tags: [{ Key: 'a', Value: 'lowercase' }, { Key: 'A', Value: 'uppercase' }] });
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: cased }))).Tags, [{ Key: 'A', Value: 'uppercase' }, { Key: 'a', Value: 'lowercase' }]);
    });

    // test_iam_policies.py::TestPolicyTags::test_policy_tag_order
    it('lists policy tags in AWS order', async () => {
      const arn = await policy('tag-order', {
        Tags: [{ Key: 'abc', Value: 'first' }, { Key: 'b', Value: 'second' }, { Key: 'z', Value: 'third' }, { Key: 'a', Value: 'fourth' }],
      });
      const listed = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }));
      assert.deepEqual(listed.Tags?.map((x) => x.Key), ['a', 'b', 'z', 'abc']);
      assert.equal(listed.IsTruncated, false);
    });

    // test_iam_policies.py::TestPolicyTags::test_policy_tag_operations
    it('tags, pages, overwrites and untags case-sensitively', async () => {
      const arn = await policy('tag-ops');
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }] }));
      const page1 = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
      assert.deepEqual(page1.Tags, [{ Key: 'somekey', Value: 'somevalue' }]);
      assert.equal(page1.IsTruncated, true);
      const page2 = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker: page1.Marker }));
      assert.deepEqual(page2.Tags, [{ Key: 'someotherkey', Value: 'someothervalue' }]);
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'somekey', Value: 'somenewvalue' }] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'somekey', Value: 'somenewvalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);
      await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['somekey', 'someotherkey'] }));
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'a', Value: 'lowercase' }, { Key: 'A', Value: 'uppercase' }] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'A', Value: 'uppercase' }, { Key: 'a', Value: 'lowercase' }]);
      await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a'] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'A', Value: 'uppercase' }]);
    });

    // test_iam_policies.py::TestPolicyTags::test_policy_tag_create_errors, test_policy_tag_update_errors
    it('answers tag errors in AWS words, quoting no value', async () => {
      const arn = await policy('tag-errors');
      const many = Array.from({ length: 51 }, (_, i) => ({ Key: String(i), Value: String(i) }));
      const create = (Tags: Tag[]) => iam.send(new CreatePolicyCommand({ PolicyName: 'never', PolicyDocument: SAMPLE_POLICY, Tags }));
      const tag = (Tags: Tag[]) => iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags }));
      for (const send of [create, tag]) {
        await rejectsWith(send(many), 'ValidationError', "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50", 400);
        await rejectsWith(send([{ Key: '0', Value: '' }, { Key: '0', Value: '' }]), 'InvalidInput', 'Duplicate tag keys found.', 400);
        await rejectsWith(send([{ Key: '0'.repeat(129), Value: '' }]), 'ValidationError', "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128", 400);
        await rejectsWith(send([{ Key: '0', Value: '0'.repeat(257) }]), 'ValidationError', "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256", 400);
        await rejectsWith(send([{ Key: 'NOWAY!', Value: '' }]), 'ValidationError', "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+", 400);
      }
      const untag = (TagKeys: string[]) => iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys }));
      await rejectsWith(untag(many.map((x) => x.Key)), 'ValidationError', "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50", 400);
      for (const bad of ['0'.repeat(129), 'NOWAY!']) {
        await rejectsWith(untag([bad]), 'ValidationError', `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_CONSTRAINTS}`, 400);
      }
      await rejectsWith(iam.send(new TagPolicyCommand({ PolicyArn: `${ARN}:policy/NotAPolicy`, Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', `Policy ${ARN}:policy/NotAPolicy was not found.`, 404);
    });

    // test_iam_roles.py::TestRoleTags::test_role_tag_errors
    it('role tags: the same messages, duplicates still ignoring case', async () => {
      const create = (Tags: Tag[]) => iam.send(new CreateRoleCommand({ RoleName: 'tag-role', AssumeRolePolicyDocument: TRUST, Tags }));
      await rejectsWith(create(Array.from({ length: 51 }, (_, i) => ({ Key: String(i), Value: String(i) }))), 'ValidationError', "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50", 400);
      await rejectsWith(create([{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }]), 'InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
      await iam.send(new CreateRoleCommand({ RoleName: 'tag-role', AssumeRolePolicyDocument: TRUST }));
      await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'tag-role', Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] })), 'ValidationError', "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256", 400);
      await rejectsWith(iam.send(new UntagRoleCommand({ RoleName: 'tag-role', TagKeys: ['NOWAY!'] })), 'ValidationError', `1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_CONSTRAINTS}`, 400);
    });
  });

  describe('AWS managed policies', () => {
    const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

    // test_iam_managed_policies.py::TestAwsManagedPolicies::test_aws_managed_policy_errors
    it('refuses changes with 403 AccessDenied in AWS words', async () => {
      await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: LAMBDA_BASIC })), 'AccessDenied', 'Cannot delete policies outside your own account.', 403);
      await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: LAMBDA_BASIC, VersionId: 'v2' })), 'AccessDenied', 'Cannot delete policy versions for policies outside your own account.', 403);
      await rejectsWith(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: LAMBDA_BASIC, VersionId: 'v2' })), 'AccessDenied', 'Cannot update policies outside your own account.', 403);
      await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: LAMBDA_BASIC, PolicyDocument: SAMPLE_POLICY })), 'AccessDenied', 'Cannot update policies outside your own account.', 403);
      await rejectsWith(
        iam.send(new GetPolicyVersionCommand({ PolicyArn: LAMBDA_BASIC, VersionId: 'v2-does-not-exist' })),
        'ValidationError',
        "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
        400,
      );
    });

    // test_iam_managed_policies.py::TestAwsManagedPolicies::test_get_aws_managed_policy
    it('GetPolicy of an AWS managed policy carries Tags []', async () => {
      const got = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/IAMUserChangePassword' }));
      assert.deepEqual(got.Policy?.Tags, []);
      assert.equal(got.Policy?.IsAttachable, true);
    });

    // test_iam_managed_policies.py::TestAwsManagedPolicies::test_get_aws_managed_policy_higher_version
    it('ListPolicyVersions of an AWS managed policy lists its whole history, newest first', async () => {
      const arn = 'arn:aws:iam::aws:policy/job-function/SystemAdministrator';
      const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
      const n = Number(p.DefaultVersionId!.slice(1));
      assert.ok(n >= 12, `SystemAdministrator was at v12 when recorded, here ${p.DefaultVersionId}`);
      const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      assert.equal(listed.IsTruncated, false);
      assert.deepEqual(listed.Versions?.map((v) => v.VersionId), Array.from({ length: n }, (_, i) => `v${n - i}`));
      assert.deepEqual(listed.Versions?.map((v) => v.IsDefaultVersion), Array.from({ length: n }, (_, i) => i === 0));
      const def = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId! }));
      assert.equal(def.PolicyVersion?.IsDefaultVersion, true);
      const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      assert.equal(v1.PolicyVersion?.IsDefaultVersion, false);
      assert.equal((JSON.parse(decodeURIComponent(v1.PolicyVersion.Document!)) as { Version: string }).Version, '2012-10-17');
    });

    // test_iam_managed_policies.py::TestListPoliciesScope::test_list_policies_scope_aws
    it('ListPolicies Scope AWS starts with the oldest policies', async () => {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 5 }));
      assert.equal(page.IsTruncated, true);
      assert.deepEqual(page.Policies?.slice(0, 4).map((x) => x.PolicyName), ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'AWSCloudFormationReadOnlyAccess']);
      assert.equal(page.Policies?.[0]?.Tags, undefined);
    });

    // test_iam_roles.py::TestRolePolicies::test_attach_detach_aws_managed_policy_role
    it('ListAttachedRolePolicies lists in attachment order', async () => {
      const emr = 'arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceRole';
      const ct = 'arn:aws:iam::aws:policy/service-role/AWSControlTowerServiceRolePolicy';
      await iam.send(new CreateRoleCommand({ RoleName: 'attach-order', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'attach-order', PolicyArn: emr }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'attach-order', PolicyArn: ct }));
      const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attach-order' }));
      assert.deepEqual(listed.AttachedPolicies, [
        { PolicyArn: emr, PolicyName: 'AmazonElasticMapReduceRole' },
        { PolicyArn: ct, PolicyName: 'AWSControlTowerServiceRolePolicy' },
      ]);
      const first = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attach-order', MaxItems: 1 }));
      const second = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attach-order', Marker: first.Marker }));
      assert.deepEqual([...first.AttachedPolicies!, ...second.AttachedPolicies!].map((x) => x.PolicyName), ['AmazonElasticMapReduceRole', 'AWSControlTowerServiceRolePolicy']);
      await iam.send(new DetachRolePolicyCommand({ RoleName: 'attach-order', PolicyArn: emr }));
      assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attach-order' }))).AttachedPolicies, [{ PolicyArn: ct, PolicyName: 'AWSControlTowerServiceRolePolicy' }]);
    });
  });

  describe('customer managed policies', () => {
    // test_iam_policies.py::TestPolicies::test_policy_lifecycle ("filtered-policy-list")
    it('ListPolicies shows a new customer policy on its first page', async () => {
      const arn = await policy('fresh-policy');
      const first = await iam.send(new ListPoliciesCommand({}));
      assert.ok(first.Policies?.some((p) => p.Arn === arn), 'on the first page');
      assert.equal(first.Policies?.find((p) => p.Arn === arn)?.Tags, undefined);
    });

    // test_iam_policies.py::TestPolicyVersions::test_policy_version_errors
    it('names an unknown policy or version as AWS does', async () => {
      const missing = `${ARN}:policy/TestNonExistingPolicy`;
      await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: missing, VersionId: 'v1' })), 'NoSuchEntity', `Policy ${missing} version v1 does not exist or is not attachable.`, 404);
      await rejectsWith(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: missing, VersionId: 'v1' })), 'NoSuchEntity', `Policy ${missing} version v1 does not exist or is not attachable.`, 404);
      const arn = await policy('versioned');
      await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntity', `Policy ${arn} version v9 does not exist or is not attachable.`, 404);
      await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntity', `Policy ${arn} version v9 does not exist or is not attachable.`, 404);
      await rejectsWith(
        iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'wrong_version_id' })),
        'ValidationError',
        "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
        400,
      );
    });

    // test_iam_policies.py::TestPolicies::test_list_entities_for_policy_errors
    it('ListEntitiesForPolicy of an unknown policy', async () => {
      const missing = `${ARN}:policy/NonExistentPolicy`;
      await rejectsWith(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: missing })), 'NoSuchEntity', `Policy ${missing} does not exist or is not attachable.`, 404);
    });

    // test_iam.py::TestIAMIntegrations::test_user_attach_policy (re-recorded 24-02-2026)
    it('a PolicyArn that is no ARN', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'attacher' }));
      await rejectsWith(iam.send(new AttachUserPolicyCommand({ UserName: 'attacher', PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 'ARN longpolicynamebutnoarn is not valid.', 400);
      await rejectsWith(iam.send(new AttachUserPolicyCommand({ UserName: 'attacher', PolicyArn: `${ARN}:policy/nothere123` })), 'NoSuchEntity', `Policy ${ARN}:policy/nothere123 does not exist or is not attachable.`, 404);
    });

    // test_iam_policies.py::TestPolicyDocumentValidity::test_create_policy_invalid_document[invalid-35]
    it('an IAM resource with no path', async () => {
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:iam:::example_bucket' } });
      await rejectsWith(
        iam.send(new CreatePolicyCommand({ PolicyName: 'bad-path', PolicyDocument: doc })),
        'MalformedPolicyDocument',
        'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
        400,
      );
    });
  });

  describe('MFA devices', () => {
    // test_iam_mfa.py::TestVirtualMfaDevices::test_virtual_mfa_device_errors
    it('answers device errors in AWS words', async () => {
      await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dup-device' }));
      await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dup-device' })), 'EntityAlreadyExists', 'MFA device already exists.', 409);
      const pathMessage = 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';
      await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'p1', Path: 'invalid-path/' })), 'ValidationError', pathMessage, 400);
      await rejectsWith(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'p2', Path: '/invalid-path' })), 'ValidationError', pathMessage, 400);
      await rejectsWith(
        iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'p3', Path: `/${'a'.repeat(512)}/` })),
        'ValidationError',
        "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
        400,
      );
      const serial = `${ARN}:mfa/nonexistent-device`;
      await rejectsWith(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`, 404);
    });
  });

  describe('STS', () => {
    // sts/test_sts.py::TestSTSIntegrations::test_assume_role_with_policy: AWS answered 16 for this
    // session policy, sent as boto3 writes it (json.dumps: ", " and ": " separators).
    it('PackedPolicySize is the share of the packed limit AWS reports', async () => {
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Principal: { AWS: TEST_ACCOUNT }, Effect: 'Allow' }] });
      const role = (await iam.send(new CreateRoleCommand({ RoleName: 'packed', AssumeRolePolicyDocument: trust }))).Role!;
      const sessionPolicy =
        '{"Version": "2012-10-17", "Statement": [{"Sid": "RestrictedAccess", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::example-bucket/*"]}]}';
      const r = await t.sts().send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'session-packed', Policy: sessionPolicy }));
      assert.equal(r.PackedPolicySize, 16);
      // Without session policies or tags AWS leaves it out (test_sts.py::test_assume_role).
      const plain = await t.sts().send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'session-plain' }));
      assert.equal(plain.PackedPolicySize, undefined);
    });
  });

  describe('signing certificates', () => {
    // test_iam_signing_certificates.py::TestSigningCertificates::test_signing_certificate_errors
    it('the user first, "Certificate <body> is malformed.", unknown ids, "CertificatesPerUser: 2"', async () => {
      // Valid in the server's (fixed) time.
      const cert = (): Promise<string> => selfSigned({ from: new Date(clock - 86_400_000), to: new Date(clock + 365 * 86_400_000) }).then((c) => c.certPem);
      const [c1, c2, c3] = [await cert(), await cert(), await cert()];
      await iam.send(new CreateUserCommand({ UserName: 'signing-errors' }));
      const noUser = 'The user with name nonexistent-user cannot be found.';
      const missing = 'NONEXISTENTCERTID12345678901';
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'nonexistent-user', CertificateBody: c1 })), 'NoSuchEntity', noUser, 404);
      await rejectsWith(iam.send(new ListSigningCertificatesCommand({ UserName: 'nonexistent-user' })), 'NoSuchEntity', noUser, 404);
      await rejectsWith(iam.send(new DeleteSigningCertificateCommand({ UserName: 'nonexistent-user', CertificateId: missing })), 'NoSuchEntity', noUser, 404);
      await rejectsWith(iam.send(new UpdateSigningCertificateCommand({ UserName: 'nonexistent-user', CertificateId: missing, Status: 'Inactive' })), 'NoSuchEntity', noUser, 404);
      await rejectsWith(
        iam.send(new UploadSigningCertificateCommand({ UserName: 'signing-errors', CertificateBody: 'invalid-certificate-body' })),
        'MalformedCertificate',
        'Certificate invalid-certificate-body is malformed.',
        400,
      );
      const noCert = `The Certificate with id ${missing} cannot be found.`;
      await rejectsWith(iam.send(new UpdateSigningCertificateCommand({ UserName: 'signing-errors', CertificateId: missing, Status: 'Inactive' })), 'NoSuchEntity', noCert, 404);
      await rejectsWith(iam.send(new DeleteSigningCertificateCommand({ UserName: 'signing-errors', CertificateId: missing })), 'NoSuchEntity', noCert, 404);
      for (const body of [c1, c2]) {
        const up = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'signing-errors', CertificateBody: body }))).Certificate!;
        assert.deepEqual(Object.keys(up).sort(), ['CertificateBody', 'CertificateId', 'Status', 'UploadDate', 'UserName']);
      }
      await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'signing-errors', CertificateBody: c3 })), 'LimitExceeded', 'Cannot exceed quota for CertificatesPerUser: 2', 409);
    });
  });

  describe('SSH public keys', () => {
    // test_iam_ssh_public_keys.py::TestSSHPublicKeys::test_{get,update,delete}_ssh_public_key_not_found
    it('an unknown key id is "The Public Key with id <id> cannot be found."', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'ssh-errors' }));
      const id = 'APKAXXXXXXXXXXXXXXXXX';
      const message = `The Public Key with id ${id} cannot be found.`;
      await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyId: id, Encoding: 'SSH' })), 'NoSuchEntity', message, 404);
      await rejectsWith(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyId: id, Status: 'Inactive' })), 'NoSuchEntity', message, 404);
      await rejectsWith(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyId: id })), 'NoSuchEntity', message, 404);
    });
  });

  describe('server certificates', () => {
    // test_iam_server_certificates.py::TestServerCertificates::test_server_certificate_errors
    it('unknown names and a taken name', async () => {
      const message = 'The Server Certificate with name nonexistent-certificate cannot be found.';
      await rejectsWith(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'nonexistent-certificate' })), 'NoSuchEntity', message, 404);
      await rejectsWith(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'nonexistent-certificate' })), 'NoSuchEntity', message, 404);
      const c = await selfSigned({ from: new Date(clock - 86_400_000), to: new Date(clock + 365 * 86_400_000) });
      const upload = (): Promise<unknown> => iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'cert-recorded', CertificateBody: c.certPem, PrivateKey: c.keyPem }));
      await upload();
      await rejectsWith(upload(), 'EntityAlreadyExists', 'The Server Certificate with name cert-recorded already exists.', 409);
    });
  });

  describe('pagination', () => {
    // test_iam_mfa.py::TestVirtualMfaDevices::test_list_virtual_mfa_devices ("list-invalid-marker-error")
    it('a Marker no List action handed out is 400 "Invalid Marker." on every List action', async () => {
      const bad = 'invalid-marker-value';
      await rejectsWith(iam.send(new ListVirtualMFADevicesCommand({ Marker: bad })), 'ValidationError', 'Invalid Marker.', 400);
      await rejectsWith(iam.send(new ListUsersCommand({ Marker: bad })), 'ValidationError', 'Invalid Marker.', 400);
      await rejectsWith(iam.send(new ListRolesCommand({ Marker: bad })), 'ValidationError', 'Invalid Marker.', 400);
      await rejectsWith(iam.send(new ListPoliciesCommand({ Marker: bad })), 'ValidationError', 'Invalid Marker.', 400);
      await rejectsWith(iam.send(new ListPolicyTagsCommand({ PolicyArn: await policy('marker-tags'), Marker: bad })), 'ValidationError', 'Invalid Marker.', 400);
      // A marker handed out still pages.
      const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
      assert.equal(first.IsTruncated, true);
      const next = await iam.send(new ListUsersCommand({ MaxItems: 1, Marker: first.Marker }));
      assert.notEqual(next.Users?.[0]?.UserName, first.Users?.[0]?.UserName);
    });
  });
});
