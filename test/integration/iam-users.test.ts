import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetGroupCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  paginateListUserTags,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { KIND } from '../../src/iam/model.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { boundaryUsage, putAttachment, putCustomerPolicy, putInlinePolicy, rejectsWith } from '../support/iam-identity.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('iam users over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  describe('CreateUser / GetUser', () => {
    it('creates a user with AWS ids and omits what is not set', async () => {
      const r = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
      const u = r.User!;
      assert.equal(u.UserName, 'alice');
      assert.equal(u.Path, '/');
      assert.equal(u.Arn, `${ARN}:user/alice`);
      assert.match(u.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
      assert.ok(u.CreateDate instanceof Date);
      assert.equal(u.Tags, undefined);
      assert.equal(u.PermissionsBoundary, undefined);
      const g = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
      assert.deepEqual(g.User, u);
    });

    it('returns Path, Tags and PermissionsBoundary when given', async () => {
      const r = await iam.send(
        new CreateUserCommand({ UserName: 'bob', Path: '/eng/', PermissionsBoundary: READ_ONLY, Tags: [{ Key: 'team', Value: 'core' }, { Key: 'Env', Value: '' }] }),
      );
      assert.equal(r.User?.Arn, `${ARN}:user/eng/bob`);
      assert.deepEqual(r.User?.Tags, [{ Key: 'team', Value: 'core' }, { Key: 'Env', Value: '' }]);
      assert.deepEqual(r.User?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: READ_ONLY });
      const g = await iam.send(new GetUserCommand({ UserName: 'bob' }));
      assert.deepEqual(g.User, r.User);
    });

    it('refuses a name taken ignoring case with EntityAlreadyExists (409)', async () => {
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'Alice' })), 'EntityAlreadyExists', 'User with name Alice already exists.', 409);
    });

    it('validates parameters with AWS wording', async () => {
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'bad name' })),
        'ValidationError',
        "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        400,
      );
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65), Path: 'nope' })),
        'ValidationError',
        /^2 validation errors detected: Value 'nope' at 'path' failed to satisfy constraint: .*; Value 'x{65}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64$/,
      );
      await rejectsWith(
        iam.send(new CreateUserCommand({} as never)),
        'ValidationError',
        "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
      );
    });

    it('refuses tag keys duplicated ignoring case with InvalidInput', async () => {
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'dup', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
        400,
      );
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'dup' })), 'NoSuchEntity');
    });

    it('checks the permissions boundary ARN', async () => {
      const missing = `${ARN}:policy/NoSuchPolicy`;
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'pb1', PermissionsBoundary: missing })),
        'NoSuchEntity',
        `Scope ARN: ${missing} does not exist or is not attachable.`,
        404,
      );
      await rejectsWith(
        iam.send(new CreateUserCommand({ UserName: 'pb1', PermissionsBoundary: 'this-is-not-an-arn-at-all' })),
        'InvalidInput',
        'ARN this-is-not-an-arn-at-all is not valid.',
      );
    });

    it('GetUser without UserName answers the caller', async () => {
      const r = await iam.send(new GetUserCommand({}));
      assert.equal(r.User?.UserName, 'admin');
      assert.equal(r.User?.Arn, `${ARN}:user/admin`);
    });

    it('GetUser of an unknown user is NoSuchEntity (404)', async () => {
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    });
  });

  describe('ListUsers', () => {
    it('pages through users under a path prefix with the SDK paginator', async () => {
      const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
      for (const n of names) await iam.send(new CreateUserCommand({ UserName: n, Path: '/paged/', Tags: [{ Key: 'k', Value: 'v' }] }));
      const pages = [];
      for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, { PathPrefix: '/paged/' })) pages.push(page);
      assert.equal(pages.length, 3);
      assert.deepEqual(pages.flatMap((p) => (p.Users ?? []).map((u) => u.UserName)), names);
      assert.equal(pages[0]?.IsTruncated, true);
      assert.equal(pages[2]?.IsTruncated, false);
      assert.equal(pages[2]?.Marker, undefined);
      // Listing operations return a subset of the attributes: no tags, no boundary.
      assert.equal(pages[0]?.Users?.[0]?.Tags, undefined);
    });

    it('lists every user without a prefix, in name order', async () => {
      const r = await iam.send(new ListUsersCommand({}));
      const names = (r.Users ?? []).map((u) => u.UserName ?? '');
      assert.ok(names.includes('admin') && names.includes('alice') && names.includes('bob'));
      assert.deepEqual(names, [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
      assert.equal(r.IsTruncated, false);
    });

    it('validates MaxItems', async () => {
      await rejectsWith(
        iam.send(new ListUsersCommand({ MaxItems: 0 })),
        'ValidationError',
        "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });
  });

  describe('tags', () => {
    it('TagUser merges ignoring key case, UntagUser removes, ListUserTags pages', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'Env', Value: 'dev' }] }));
      await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a' }, { Key: 'cost', Value: '1' }] }));
      const pages = [];
      for await (const p of paginateListUserTags({ client: iam, pageSize: 2 }, { UserName: 'tagged' })) pages.push(p);
      assert.equal(pages.length, 2);
      assert.deepEqual(pages.flatMap((p) => p.Tags ?? []), [
        { Key: 'cost', Value: '1' },
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'a' },
      ]);
      await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['ENV', 'absent'] }));
      const r = await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }));
      assert.deepEqual(r.Tags, [{ Key: 'cost', Value: '1' }, { Key: 'team', Value: 'a' }]);
      assert.equal(r.IsTruncated, false);
    });

    it('refuses more than 50 tags on a user with LimitExceeded', async () => {
      const tags = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await iam.send(new CreateUserCommand({ UserName: 'many', Tags: tags }));
      await iam.send(new TagUserCommand({ UserName: 'many', Tags: [{ Key: 'k49', Value: 'v' }, { Key: 'K0', Value: 'w' }] }));
      await rejectsWith(iam.send(new TagUserCommand({ UserName: 'many', Tags: [{ Key: 'one-more', Value: 'v' }] })), 'LimitExceeded', 'Cannot exceed quota for TagsPerUser: 50', 409);
      const r = await iam.send(new ListUserTagsCommand({ UserName: 'many', MaxItems: 100 }));
      assert.equal(r.Tags?.length, 50);
    });

    it('tag actions on an unknown user are NoSuchEntity', async () => {
      await rejectsWith(iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
      await rejectsWith(iam.send(new UntagUserCommand({ UserName: 'ghost', TagKeys: ['a'] })), 'NoSuchEntity');
      await rejectsWith(iam.send(new ListUserTagsCommand({ UserName: 'ghost' })), 'NoSuchEntity');
    });

    it('validates tag keys', async () => {
      await rejectsWith(
        iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'bad*key', Value: 'v' }] })),
        'ValidationError',
        // AWS quotes no tag value (test_iam_roles.py::test_role_tag_errors, test_iam_policies.py::test_policy_tag_create_errors).
        /^1 validation error detected: Value at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
    });
  });

  describe('permissions boundaries', () => {
    it('puts and deletes a boundary, keeping the customer policy usage count', async () => {
      const arn = await putCustomerPolicy(t, 'Boundary1');
      await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: arn }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary?.PermissionsBoundaryArn, arn);
      assert.equal(await boundaryUsage(t, 'Boundary1'), 1);
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: arn }));
      assert.equal(await boundaryUsage(t, 'Boundary1'), 1);
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: READ_ONLY }));
      assert.equal(await boundaryUsage(t, 'Boundary1'), 0);
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: arn }));
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
      assert.equal(await boundaryUsage(t, 'Boundary1'), 0);
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary, undefined);
      // CreateUser with a boundary counts; DeleteUser releases it.
      await iam.send(new CreateUserCommand({ UserName: 'bounded2', PermissionsBoundary: arn }));
      assert.equal(await boundaryUsage(t, 'Boundary1'), 1);
      await iam.send(new DeleteUserCommand({ UserName: 'bounded2' }));
      assert.equal(await boundaryUsage(t, 'Boundary1'), 0);
    });

    it('refuses unknown policies and unknown users', async () => {
      const missing = `${ARN}:policy/Nope`;
      await rejectsWith(
        iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: missing })),
        'NoSuchEntity',
        `Scope ARN: ${missing} does not exist or is not attachable.`,
      );
      await rejectsWith(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'ghost', PermissionsBoundary: READ_ONLY })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
      await rejectsWith(iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
    });
  });

  describe('UpdateUser', () => {
    it('renames a user and moves keys, groups and policies in one go', async () => {
      const created = await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
      await iam.send(new CreateGroupCommand({ GroupName: 'carols-group' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'carols-group', UserName: 'carol' }));
      await putInlinePolicy(t, 'user', 'carol', 'inline1');
      await putAttachment(t, 'user', 'carol', created.User!.UserId!, READ_ONLY);

      await iam.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'Caroline', NewPath: '/ops/' }));

      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'carol' })), 'NoSuchEntity');
      const u = (await iam.send(new GetUserCommand({ UserName: 'caroline' }))).User!;
      assert.equal(u.UserName, 'Caroline');
      assert.equal(u.UserId, created.User?.UserId);
      assert.equal(u.Arn, `${ARN}:user/ops/Caroline`);
      const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'Caroline' }));
      assert.deepEqual(keys.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.UserName]), [[key.AccessKeyId, 'Caroline']]);
      const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'Caroline' }));
      assert.deepEqual(groups.Groups?.map((g) => g.GroupName), ['carols-group']);
      const members = await iam.send(new GetGroupCommand({ GroupName: 'carols-group' }));
      assert.deepEqual(members.Users?.map((m) => m.UserName), ['Caroline']);
      // The renamed user's key still signs, as the new identity.
      const who = await t.sts({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `${ARN}:user/ops/Caroline`);
      const store = t.server.store;
      const [inline, attachment, back, oldBack] = await store.read(async (tx) => [
        await tx.get(t.account, KIND.inlinePolicy, 'user/caroline/inline1'),
        await tx.get(t.account, KIND.attachment, `user/caroline/${READ_ONLY}`),
        await tx.get<{ name: string }>(t.account, KIND.policyEntity, `${READ_ONLY}/user/caroline`),
        await tx.get(t.account, KIND.policyEntity, `${READ_ONLY}/user/carol`),
      ]);
      assert.ok(inline && attachment && back);
      assert.equal(back.data.name, 'Caroline');
      assert.equal(oldBack, undefined);
    });

    it('moves a user to a new path only', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      await iam.send(new UpdateUserCommand({ UserName: 'dave', NewPath: '/x/y/' }));
      const u = (await iam.send(new GetUserCommand({ UserName: 'dave' }))).User!;
      assert.equal(u.Path, '/x/y/');
      assert.equal(u.Arn, `${ARN}:user/x/y/dave`);
    });

    it('refuses a taken name and an unknown user', async () => {
      await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'ALICE' })), 'EntityAlreadyExists', 'User with name ALICE already exists.', 409);
      await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'ghost', NewUserName: 'g2' })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
    });

    it('changes only the case of a name', async () => {
      await iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'Dave' }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'dave' }))).User?.UserName, 'Dave');
    });
  });

  describe('DeleteUser', () => {
    it('refuses while keys, groups or policies remain, with AWS messages', async () => {
      const u = (await iam.send(new CreateUserCommand({ UserName: 'erin' }))).User!;
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
      await iam.send(new CreateGroupCommand({ GroupName: 'erins' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'erins', UserName: 'erin' }));
      await putInlinePolicy(t, 'user', 'erin', 'p');
      await putAttachment(t, 'user', 'erin', u.UserId!, READ_ONLY);
      const del = () => iam.send(new DeleteUserCommand({ UserName: 'erin' }));
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must delete access keys first.', 409);
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: key.AccessKeyId! }));
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.');
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'erins', UserName: 'erin' }));
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
      await t.server.store.write(async (tx) => {
        await tx.delete(t.account, KIND.inlinePolicy, 'user/erin/p');
      });
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      await t.server.store.write(async (tx) => {
        await tx.delete(t.account, KIND.attachment, `user/erin/${READ_ONLY}`);
        await tx.delete(t.account, KIND.policyEntity, `${READ_ONLY}/user/erin`);
      });
      await del();
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'erin' })), 'NoSuchEntity');
      await rejectsWith(del(), 'NoSuchEntity', 'The user with name erin cannot be found.', 404);
    });
  });

  describe('authorization', () => {
    let dev: { accessKeyId: string; secretAccessKey: string };
    before(async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
      dev = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    });

    it('denies a user without policies with AWS wording', async () => {
      await rejectsWith(
        t.iam(dev).send(new CreateUserCommand({ UserName: 'x' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:CreateUser on resource: ${ARN}:user/x because no identity-based policy allows the iam:CreateUser action`,
        403,
      );
      await rejectsWith(
        t.iam(dev).send(new ListUsersCommand({ PathPrefix: '/paged/' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:ListUsers on resource: ${ARN}:user/paged/ because no identity-based policy allows the iam:ListUsers action`,
      );
    });

    it('authorizes against the user ARN with its path', async () => {
      await rejectsWith(
        t.iam(dev).send(new GetUserCommand({ UserName: 'bob' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:GetUser on resource: user bob because no identity-based policy allows the iam:GetUser action`,
      );
      await putInlinePolicy(t, 'user', 'dev', 'eng-only', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:TagUser'], Resource: `${ARN}:user/eng/*` }],
      });
      assert.equal((await t.iam(dev).send(new GetUserCommand({ UserName: 'bob' }))).User?.UserName, 'bob');
      await rejectsWith(t.iam(dev).send(new GetUserCommand({ UserName: 'alice' })), 'AccessDenied');
    });

    it('passes aws:RequestTag and aws:TagKeys to conditions', async () => {
      await putInlinePolicy(t, 'user', 'dev', 'tagging', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'dev' } } },
        ],
      });
      await rejectsWith(t.iam(dev).send(new CreateUserCommand({ UserName: 'untagged' })), 'AccessDenied');
      await rejectsWith(t.iam(dev).send(new CreateUserCommand({ UserName: 'wrongtag', Tags: [{ Key: 'team', Value: 'ops' }] })), 'AccessDenied');
      const r = await t.iam(dev).send(new CreateUserCommand({ UserName: 'devmade', Tags: [{ Key: 'team', Value: 'dev' }] }));
      assert.equal(r.User?.UserName, 'devmade');
    });
  });
});
