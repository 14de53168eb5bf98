/** The instance-profile family over HTTP with the AWS SDK v3 (responses as recorded against AWS). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  type IAMClient,
  ListInstanceProfileTagsCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  paginateListInstanceProfiles,
  paginateListInstanceProfilesForRole,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('instance profiles over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const profile = (InstanceProfileName: string, extra: { Path?: string; Tags?: { Key: string; Value: string }[] } = {}) =>
    iam.send(new CreateInstanceProfileCommand({ InstanceProfileName, ...extra }));

  it('creates with an AIPA id and no roles; GetInstanceProfile answers Tags even when empty', async () => {
    const c = (await profile('web', { Path: '/fleet/' })).InstanceProfile!;
    assert.equal(c.InstanceProfileName, 'web');
    assert.equal(c.Path, '/fleet/');
    assert.equal(c.Arn, `${ARN}:instance-profile/fleet/web`);
    assert.match(c.InstanceProfileId ?? '', /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(c.Roles, []);
    assert.equal(c.Tags, undefined);
    const g = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'WEB' }))).InstanceProfile!;
    assert.deepEqual(g, { ...c, Tags: [] });
    const tagged = (await profile('tagged', { Tags: [{ Key: 'InitialKey', Value: 'InitialValue' }] })).InstanceProfile!;
    assert.deepEqual(tagged.Tags, [{ Key: 'InitialKey', Value: 'InitialValue' }]);
  });

  it('refuses duplicates and unknown profiles with AWS messages', async () => {
    await rejectsWith(profile('Web'), 'EntityAlreadyExists', 'Instance Profile Web already exists.', 409);
    const missing = 'Instance Profile nonexistent-profile cannot be found.';
    await rejectsWith(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile' })), 'NoSuchEntity', missing, 404);
    await rejectsWith(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile' })), 'NoSuchEntity', missing);
    await rejectsWith(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', missing);
    await rejectsWith(iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile', TagKeys: ['a'] })), 'NoSuchEntity', missing);
    await rejectsWith(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'nonexistent-profile' })), 'NoSuchEntity', missing);
    await rejectsWith(profile('bad name'), 'ValidationError', /at 'instanceProfileName' failed to satisfy constraint/);
  });

  it('holds one role, embedded as AWS embeds it; DeleteRole and DeleteInstanceProfile refuse while it is there', async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'ec2-app', AssumeRolePolicyDocument: TRUST, Description: 'd', MaxSessionDuration: 7200 }))).Role!;
    await iam.send(new CreateRoleCommand({ RoleName: 'second', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-app' }));
    const g = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(g.Roles, [
      { Path: '/', RoleName: 'ec2-app', RoleId: role.RoleId, Arn: role.Arn, CreateDate: role.CreateDate, AssumeRolePolicyDocument: role.AssumeRolePolicyDocument },
    ]);
    const quota = 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1';
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'second' })), 'LimitExceeded', quota, 409);
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-app' })), 'LimitExceeded', quota);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'ec2-app' })), 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.', 409);
    await rejectsWith(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.', 409);

    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'tagged', RoleName: 'ec2-app' }));
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-app' }));
    assert.deepEqual(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName), ['tagged', 'web']);
    assert.equal(forRole.InstanceProfiles?.[0]?.Tags, undefined);
    assert.equal(forRole.InstanceProfiles?.[0]?.Roles?.[0]?.RoleName, 'ec2-app');
    assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'second' }))).InstanceProfiles, []);

    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-app' }));
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'tagged', RoleName: 'ec2-app' }));
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile?.Roles, []);
    await iam.send(new DeleteRoleCommand({ RoleName: 'ec2-app' }));
  });

  it('Add/RemoveRole errors: profile first, then role, then membership', async () => {
    await rejectsWith(
      iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile', RoleName: 'nonexistent-role' })),
      'NoSuchEntity',
      'Instance Profile nonexistent-profile cannot be found.',
    );
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'nonexistent-role' })), 'NoSuchEntity', 'The role with name nonexistent-role cannot be found.');
    await rejectsWith(
      iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile', RoleName: 'second' })),
      'NoSuchEntity',
      'Instance Profile nonexistent-profile cannot be found.',
    );
    await rejectsWith(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'nonexistent-role' })), 'NoSuchEntity', 'The role with name nonexistent-role cannot be found.');
    await rejectsWith(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'second' })), 'NoSuchEntity', 'Role second in Instance Profile web cannot be found.', 404);
    await rejectsWith(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'nonexistent-role' })), 'NoSuchEntity', 'The role with name nonexistent-role cannot be found.');
  });

  it('tags: merge ignoring case, untag, list', async () => {
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, []);
    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'MyKey', Value: 'myValue' }, { Key: 'MyKey2', Value: 'myValue2' }] }));
    const l = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }));
    assert.deepEqual(l.Tags, [{ Key: 'MyKey', Value: 'myValue' }, { Key: 'MyKey2', Value: 'myValue2' }]);
    assert.equal(l.IsTruncated, false);
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['mykey'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'MyKey2', Value: 'myValue2' }]);
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile?.Tags, [{ Key: 'MyKey2', Value: 'myValue2' }]);
    await rejectsWith(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInput');
  });

  it('lists under a path prefix, paged, without tags', async () => {
    for (let i = 0; i < 5; i++) await profile(`ip-${i}`, { Path: '/paged/', Tags: [{ Key: 'k', Value: 'v' }] });
    const names: string[] = [];
    for await (const p of paginateListInstanceProfiles({ client: iam, pageSize: 2 }, { PathPrefix: '/paged/' })) {
      for (const ip of p.InstanceProfiles ?? []) {
        assert.equal(ip.Tags, undefined);
        names.push(ip.InstanceProfileName!);
      }
    }
    assert.deepEqual(names, ['ip-0', 'ip-1', 'ip-2', 'ip-3', 'ip-4']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/none/' }))).InstanceProfiles, []);
    const all = await iam.send(new ListInstanceProfilesCommand({}));
    assert.equal(all.InstanceProfiles?.length, 7);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-0', RoleName: 'second' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-1', RoleName: 'second' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-2', RoleName: 'second' }));
    const forRole: string[] = [];
    for await (const p of paginateListInstanceProfilesForRole({ client: iam, pageSize: 2 }, { RoleName: 'second' })) forRole.push(...(p.InstanceProfiles ?? []).map((x) => x.InstanceProfileName!));
    assert.deepEqual(forRole, ['ip-0', 'ip-1', 'ip-2']);
  });

  it('deletes an empty profile', async () => {
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await rejectsWith(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })), 'NoSuchEntity', 'Instance Profile web cannot be found.');
  });
});
