import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  type IAMClient,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
  paginateGetGroup,
  paginateListGroups,
  paginateListGroupsForUser,
} from '@aws-sdk/client-iam';
import { KIND } from '../../src/iam/model.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { putAttachment, putInlinePolicy, rejectsWith } from '../support/iam-identity.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('iam groups over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    for (const u of ['u1', 'u2', 'u3']) await iam.send(new CreateUserCommand({ UserName: u }));
  });
  after(async () => {
    await t.close();
  });

  describe('CreateGroup / GetGroup', () => {
    it('creates a group with an AGPA id', async () => {
      const g = (await iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }))).Group!;
      assert.equal(g.GroupName, 'devs');
      assert.equal(g.Path, '/eng/');
      assert.equal(g.Arn, `${ARN}:group/eng/devs`);
      assert.match(g.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
      assert.ok(g.CreateDate instanceof Date);
      const r = await iam.send(new GetGroupCommand({ GroupName: 'DEVS' }));
      assert.deepEqual(r.Group, g);
      assert.deepEqual(r.Users, []);
      assert.equal(r.IsTruncated, false);
    });

    it('refuses a name taken ignoring case', async () => {
      await rejectsWith(iam.send(new CreateGroupCommand({ GroupName: 'Devs' })), 'EntityAlreadyExists', 'Group with name Devs already exists.', 409);
    });

    it('validates the group name', async () => {
      await rejectsWith(
        iam.send(new CreateGroupCommand({ GroupName: 'no/slash' })),
        'ValidationError',
        "1 validation error detected: Value 'no/slash' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
    });

    it('GetGroup of an unknown group is NoSuchEntity', async () => {
      await rejectsWith(iam.send(new GetGroupCommand({ GroupName: 'ghost' })), 'NoSuchEntity', 'The group with name ghost cannot be found.', 404);
    });
  });

  describe('membership', () => {
    it('adds users (idempotently) and pages through them with GetGroup', async () => {
      for (const u of ['u1', 'u2', 'u3']) await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: u }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'U1' }));
      const pages = [];
      for await (const p of paginateGetGroup({ client: iam, pageSize: 2 }, { GroupName: 'devs' })) pages.push(p);
      assert.equal(pages.length, 2);
      assert.equal(pages[0]?.Group?.GroupName, 'devs');
      assert.deepEqual(pages.flatMap((p) => p.Users?.map((u) => u.UserName) ?? []), ['u1', 'u2', 'u3']);
      assert.equal(pages[0]?.Users?.[0]?.Arn, `${ARN}:user/u1`);
    });

    it('ListGroupsForUser pages through a user groups', async () => {
      await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'qa' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'u1' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'qa', UserName: 'u1' }));
      const pages = [];
      for await (const p of paginateListGroupsForUser({ client: iam, pageSize: 2 }, { UserName: 'u1' })) pages.push(p);
      assert.equal(pages.length, 2);
      assert.deepEqual(pages.flatMap((p) => p.Groups?.map((g) => g.GroupName) ?? []), ['devs', 'ops', 'qa']);
      await rejectsWith(iam.send(new ListGroupsForUserCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
    });

    it('refuses unknown groups and users', async () => {
      await rejectsWith(iam.send(new AddUserToGroupCommand({ GroupName: 'ghost', UserName: 'u1' })), 'NoSuchEntity', 'The group with name ghost cannot be found.', 404);
      await rejectsWith(iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
      await rejectsWith(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ghost', UserName: 'u1' })), 'NoSuchEntity', 'The group with name ghost cannot be found.');
    });

    // AWS answers 200 for a non-member (LocalStack test_iam_users.py::test_user_group_membership).
    it('removes a member; removing a non-member succeeds and changes nothing', async () => {
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'qa', UserName: 'u1' }));
      assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: 'qa' }))).Users, []);
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'qa', UserName: 'u1' }));
      assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: 'qa' }))).Users, []);
    });

    it('a user is in at most 10 groups (LimitExceeded)', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'joiner' }));
      for (let i = 0; i < 10; i++) {
        await iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
        await iam.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
      }
      await iam.send(new CreateGroupCommand({ GroupName: 'g10' }));
      await rejectsWith(iam.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })), 'LimitExceeded', 'Cannot exceed quota for GroupsPerUser: 10', 409);
    });
  });

  describe('ListGroups', () => {
    it('pages through groups under a path prefix', async () => {
      for (const g of ['a1', 'a2', 'a3']) await iam.send(new CreateGroupCommand({ GroupName: g, Path: '/area/' }));
      const pages = [];
      for await (const p of paginateListGroups({ client: iam, pageSize: 2 }, { PathPrefix: '/area/' })) pages.push(p);
      assert.equal(pages.length, 2);
      assert.deepEqual(pages.flatMap((p) => p.Groups?.map((g) => g.GroupName) ?? []), ['a1', 'a2', 'a3']);
      const all = await iam.send(new ListGroupsCommand({ MaxItems: 1000 }));
      assert.ok((all.Groups?.length ?? 0) >= 17);
    });
  });

  describe('UpdateGroup', () => {
    it('renames a group, keeping members and policies (the members keep its permissions)', async () => {
      const g = (await iam.send(new CreateGroupCommand({ GroupName: 'readers' }))).Group!;
      await iam.send(new CreateUserCommand({ UserName: 'reader' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
      const reader = t.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
      await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'reader' }));
      await putInlinePolicy(t, 'group', 'readers', 'list-users', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
      await putAttachment(t, 'group', 'readers', g.GroupId!, READ_ONLY);
      assert.ok((await reader.send(new ListUsersCommand({}))).Users?.length);

      await iam.send(new UpdateGroupCommand({ GroupName: 'readers', NewGroupName: 'Viewers', NewPath: '/ro/' }));

      await rejectsWith(iam.send(new GetGroupCommand({ GroupName: 'readers' })), 'NoSuchEntity');
      const r = await iam.send(new GetGroupCommand({ GroupName: 'viewers' }));
      assert.equal(r.Group?.GroupName, 'Viewers');
      assert.equal(r.Group?.GroupId, g.GroupId);
      assert.equal(r.Group?.Arn, `${ARN}:group/ro/Viewers`);
      assert.deepEqual(r.Users?.map((u) => u.UserName), ['reader']);
      assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'reader' }))).Groups?.map((x) => x.GroupName), ['Viewers']);
      assert.ok((await reader.send(new ListUsersCommand({}))).Users?.length);
      const [inline, attachment, back] = await t.server.store.read(async (tx) => [
        await tx.get(t.account, KIND.inlinePolicy, 'group/viewers/list-users'),
        await tx.get(t.account, KIND.attachment, `group/viewers/${READ_ONLY}`),
        await tx.get<{ name: string }>(t.account, KIND.policyEntity, `${READ_ONLY}/group/viewers`),
      ]);
      assert.ok(inline && attachment);
      assert.equal(back?.data.name, 'Viewers');
    });

    it('refuses a taken name and an unknown group', async () => {
      await rejectsWith(iam.send(new UpdateGroupCommand({ GroupName: 'ops', NewGroupName: 'DEVS' })), 'EntityAlreadyExists', 'Group with name DEVS already exists.');
      await rejectsWith(iam.send(new UpdateGroupCommand({ GroupName: 'ghost', NewPath: '/x/' })), 'NoSuchEntity', 'The group with name ghost cannot be found.');
    });
  });

  describe('DeleteGroup', () => {
    it('refuses while members or policies remain, with AWS messages', async () => {
      const g = (await iam.send(new CreateGroupCommand({ GroupName: 'doomed' }))).Group!;
      await iam.send(new AddUserToGroupCommand({ GroupName: 'doomed', UserName: 'u2' }));
      await putInlinePolicy(t, 'group', 'doomed', 'p');
      await putAttachment(t, 'group', 'doomed', g.GroupId!, READ_ONLY);
      const del = () => iam.send(new DeleteGroupCommand({ GroupName: 'doomed' }));
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.', 409);
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'doomed', UserName: 'u2' }));
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
      await t.server.store.write(async (tx) => {
        await tx.delete(t.account, KIND.inlinePolicy, 'group/doomed/p');
      });
      await rejectsWith(del(), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      await t.server.store.write(async (tx) => {
        await tx.delete(t.account, KIND.attachment, `group/doomed/${READ_ONLY}`);
        await tx.delete(t.account, KIND.policyEntity, `${READ_ONLY}/group/doomed`);
      });
      await del();
      await rejectsWith(iam.send(new GetGroupCommand({ GroupName: 'doomed' })), 'NoSuchEntity', 'The group with name doomed cannot be found.');
      await rejectsWith(del(), 'NoSuchEntity', 'The group with name doomed cannot be found.', 404);
    });
  });

  describe('authorization', () => {
    it('denies a user without policies with AWS wording, against the group ARN with its path', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
      const dev = t.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
      await rejectsWith(
        dev.send(new CreateGroupCommand({ GroupName: 'x' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:CreateGroup on resource: ${ARN}:group/x because no identity-based policy allows the iam:CreateGroup action`,
        403,
      );
      await rejectsWith(
        dev.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:AddUserToGroup on resource: group devs because no identity-based policy allows the iam:AddUserToGroup action`,
      );
      await rejectsWith(
        dev.send(new ListGroupsCommand({})),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:ListGroups on resource: ${ARN}:group/ because no identity-based policy allows the iam:ListGroups action`,
      );
    });
  });
});
