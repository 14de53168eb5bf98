/**
 * IAM Identity Center's identity store through the SDK v3 client (@aws-sdk/client-identitystore,
 * AWS JSON 1.1): users, groups and memberships — their life, uniqueness (ConflictException with its
 * Reason), bad input (ValidationException), an identity store that is not the caller's account's
 * (ResourceNotFoundException, ResourceType IDENTITY_STORE), UpdateUser's attribute operations,
 * pagination, and authorization on the store's and on each named resource's ARN.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  type CreateUserCommandInput,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-identitystore';
import type { InstanceData } from '../../src/identitycenter/model.js';
import { allow, putUser } from '../support/fixtures.js';
import { putInstance } from '../support/identity-center.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { type Failure, failure } from '../support/failure.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('identitystore (SDK v3)', () => {
  let t: TestServer;
  let ids: (creds?: Credentials) => IdentitystoreClient;
  let instance: InstanceData;
  let store: string;
  before(async () => {
    t = await startTestServer();
    ids = (creds = t.admin) => new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    instance = await putInstance(t);
    store = instance.identityStoreId;
  });
  after(() => t.close());

  const user = (name: string, extra: Partial<CreateUserCommandInput> = {}) =>
    ids().send(new CreateUserCommand({ IdentityStoreId: store, UserName: name, DisplayName: `${name} display`, ...extra }));

  it("a user's life: created with its attributes, described, updated by operations, listed, found by UserName, deleted", async () => {
    const created = await user('jdoe', {
      Name: { GivenName: 'John', FamilyName: 'Doe' },
      Emails: [{ Value: 'jdoe@example.com', Type: 'work', Primary: true }],
      PhoneNumbers: [{ Value: '+1 555 0100', Type: 'work' }],
      Title: 'Engineer',
      NickName: 'JD',
      Locale: 'en-US',
    });
    assert.equal(created.IdentityStoreId, store);
    assert.match(created.UserId!, UUID);
    const userId = created.UserId!;

    const described = await ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: userId }));
    assert.equal(described.UserName, 'jdoe');
    assert.equal(described.DisplayName, 'jdoe display');
    assert.deepEqual(described.Name, { GivenName: 'John', FamilyName: 'Doe' });
    assert.deepEqual(described.Emails, [{ Value: 'jdoe@example.com', Type: 'work', Primary: true }]);
    assert.equal(described.Title, 'Engineer');
    assert.equal(described.UserStatus, 'ENABLED');
    assert.ok(described.CreatedAt instanceof Date);
    assert.match(described.CreatedBy!, new RegExp(`^arn:aws:iam::${t.account}:`));

    await ids().send(
      new UpdateUserCommand({
        IdentityStoreId: store,
        UserId: userId,
        Operations: [
          { AttributePath: 'displayName', AttributeValue: 'John Doe' },
          { AttributePath: 'name.givenName', AttributeValue: 'Johnny' },
          { AttributePath: 'nickName' },
          { AttributePath: 'emails', AttributeValue: [{ value: 'john@example.com', primary: true }] },
          { AttributePath: 'userName', AttributeValue: 'john.doe' },
        ],
      }),
    );
    const updated = await ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: userId }));
    assert.equal(updated.DisplayName, 'John Doe');
    assert.deepEqual(updated.Name, { GivenName: 'Johnny', FamilyName: 'Doe' });
    assert.equal(updated.NickName, undefined);
    assert.deepEqual(updated.Emails, [{ Value: 'john@example.com', Primary: true }]);
    assert.equal(updated.UserName, 'john.doe');

    // The old name is free again; the new one is found ignoring case.
    const got = await ids().send(new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'JOHN.DOE' } } }));
    assert.equal(got.UserId, userId);
    const old = await failure(ids().send(new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'UserName', AttributeValue: 'jdoe' } } })));
    assert.equal(old.name, 'ResourceNotFoundException');
    assert.equal(old.ResourceType, 'USER');

    const filtered = await ids().send(new ListUsersCommand({ IdentityStoreId: store, Filters: [{ AttributePath: 'UserName', AttributeValue: 'john.doe' }] }));
    assert.deepEqual(filtered.Users?.map((u) => u.UserId), [userId]);

    await ids().send(new DeleteUserCommand({ IdentityStoreId: store, UserId: userId }));
    const gone = await failure(ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: userId })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.$metadata.httpStatusCode, 400);
    assert.equal(gone.ResourceType, 'USER');
    assert.equal(gone.ResourceId, userId);
    // Its name can be taken again.
    await user('john.doe');
  });

  it('refuses a duplicate UserName ignoring case (ConflictException, UNIQUENESS_CONSTRAINT_VIOLATION), reserved names and missing required attributes', async () => {
    await user('Alice');
    const dup = await failure(user('alice'));
    assert.equal(dup.name, 'ConflictException');
    assert.equal(dup.$metadata.httpStatusCode, 400);
    assert.equal(dup.Reason, 'UNIQUENESS_CONSTRAINT_VIOLATION');

    const reserved = await failure(user('Administrator'));
    assert.equal(reserved.name, 'ValidationException');
    const noDisplay = await failure(ids().send(new CreateUserCommand({ IdentityStoreId: store, UserName: 'nodisplay' })));
    assert.equal(noDisplay.name, 'ValidationException');
    const noName = await failure(ids().send(new CreateUserCommand({ IdentityStoreId: store, DisplayName: 'x' })));
    assert.equal(noName.name, 'ValidationException');

    // The model's limits: a UserName of whitespace, a store id of the wrong form; sensitive values are not quoted.
    const spaced = await failure(user('has space'));
    assert.equal(spaced.name, 'ValidationException');
    assert.match(spaced.message, /Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.doesNotMatch(spaced.message, /has space/);
    const badStore = await failure(ids().send(new ListUsersCommand({ IdentityStoreId: 'd-XYZ' })));
    assert.equal(badStore.name, 'ValidationException');
    assert.match(badStore.message, /'identityStoreId'/);
    const badId = await failure(ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: 'not-an-id' })));
    assert.equal(badId.name, 'ValidationException');
    const tooMany = await failure(user('two-mails', { Emails: [{ Value: 'a@example.com' }, { Value: 'b@example.com' }] }));
    assert.equal(tooMany.name, 'ValidationException');
  });

  it('lets exactly one of concurrent CreateUser calls for one UserName succeed', async () => {
    const results = await Promise.allSettled(['race', 'RACE', 'Race', 'race', 'rAce'].map((n) => user(n)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Failure).name, 'ConflictException');
  });

  it("refuses UpdateUser operations outside the User shape, and a rename onto another user's name", async () => {
    const { UserId } = await user('bob');
    await user('carol');
    const update = (AttributePath: string, AttributeValue?: unknown) =>
      failure(ids().send(new UpdateUserCommand({ IdentityStoreId: store, UserId: UserId!, Operations: [{ AttributePath, ...(AttributeValue === undefined ? {} : { AttributeValue: AttributeValue as string }) }] })));
    for (const [path, value] of [
      ['unknownAttribute', 'x'],
      ['displayName', 42],
      ['displayName', ''],
      ['name.unknown', 'x'],
      ['name', { GivenName: 7 }],
      ['emails', [{ value: 'a@example.com' }, { value: 'b@example.com' }]],
      ['userName', undefined],
      ['displayName', undefined],
      ['userName', 'AWSAdministrators'],
    ] as const) {
      const e = await update(path, value);
      assert.equal(e.name, 'ValidationException', `${path} ${JSON.stringify(value)}`);
    }
    const taken = await update('userName', 'CAROL');
    assert.equal(taken.name, 'ConflictException');
    assert.equal(taken.Reason, 'UNIQUENESS_CONSTRAINT_VIOLATION');
    // A change of case of its own name is not a conflict.
    await ids().send(new UpdateUserCommand({ IdentityStoreId: store, UserId: UserId!, Operations: [{ AttributePath: 'userName', AttributeValue: 'Bob' }] }));
    assert.equal((await ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: UserId! }))).UserName, 'Bob');
    // An object value with no member removes the attribute; so does an absent value.
    await ids().send(new UpdateUserCommand({ IdentityStoreId: store, UserId: UserId!, Operations: [{ AttributePath: 'name', AttributeValue: { familyName: 'Builder' } }, { AttributePath: 'title', AttributeValue: 'Chief' }] }));
    assert.deepEqual((await ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: UserId! }))).Name, { FamilyName: 'Builder' });
    await ids().send(new UpdateUserCommand({ IdentityStoreId: store, UserId: UserId!, Operations: [{ AttributePath: 'name', AttributeValue: {} }, { AttributePath: 'title' }] }));
    const cleared = await ids().send(new DescribeUserCommand({ IdentityStoreId: store, UserId: UserId! }));
    assert.equal(cleared.Name, undefined);
    assert.equal(cleared.Title, undefined);
  });

  it("answers ResourceNotFoundException for an identity store that is not the caller's account's", async () => {
    const other = await putInstance(t, '222222222222');
    for (const id of [other.identityStoreId, 'd-0000000000', '12345678-1234-1234-1234-123456789012']) {
      const e = await failure(ids().send(new ListUsersCommand({ IdentityStoreId: id })));
      assert.equal(e.name, 'ResourceNotFoundException', id);
      assert.equal(e.ResourceType, 'IDENTITY_STORE');
      assert.equal(e.ResourceId, id);
      const c = await failure(ids().send(new CreateGroupCommand({ IdentityStoreId: id, DisplayName: 'g' })));
      assert.equal(c.name, 'ResourceNotFoundException');
    }
  });

  it('pages ListUsers and ListGroups with MaxResults and NextToken', async () => {
    const fresh = await startTestServer();
    try {
      const client = new IdentitystoreClient({ endpoint: fresh.url, region: 'us-east-1', credentials: fresh.admin, maxAttempts: 1 });
      const s = (await putInstance(fresh)).identityStoreId;
      const made = new Set<string>();
      for (let i = 0; i < 5; i++) made.add((await client.send(new CreateUserCommand({ IdentityStoreId: s, UserName: `u${i}`, DisplayName: `U ${i}` }))).UserId!);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await client.send(new ListUsersCommand({ IdentityStoreId: s, MaxResults: 2, ...(token === undefined ? {} : { NextToken: token }) }));
        seen.push(...r.Users!.map((u) => u.UserId!));
        token = r.NextToken;
        pages++;
      } while (token !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(new Set(seen), made);
      assert.equal(seen.length, 5);
      const bad = await failure(client.send(new ListUsersCommand({ IdentityStoreId: s, NextToken: 'bm90LWEta2V5' })));
      assert.equal(bad.name, 'ValidationException');
      const big = await failure(client.send(new ListGroupsCommand({ IdentityStoreId: s, MaxResults: 101 })));
      assert.equal(big.name, 'ValidationException');
    } finally {
      await fresh.close();
    }
  });

  it("a group's life and its memberships: unique DisplayName, GetGroupId, IsMemberInGroups, both lists; deleting a user or a group deletes its memberships", async () => {
    const g1 = (await ids().send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'Developers', Description: 'All developers' }))).GroupId!;
    const g2 = (await ids().send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'Operators' }))).GroupId!;
    assert.match(g1, UUID);
    const dup = await failure(ids().send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'developers' })));
    assert.equal(dup.name, 'ConflictException');
    assert.equal(dup.Reason, 'UNIQUENESS_CONSTRAINT_VIOLATION');
    const reserved = await failure(ids().send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'AWSAdministrators' })));
    assert.equal(reserved.name, 'ValidationException');

    const described = await ids().send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: g1 }));
    assert.equal(described.DisplayName, 'Developers');
    assert.equal(described.Description, 'All developers');
    assert.equal(described.IdentityStoreId, store);
    assert.equal((await ids().send(new GetGroupIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'Operators' } } }))).GroupId, g2);
    const byExternal = await failure(ids().send(new GetGroupIdCommand({ IdentityStoreId: store, AlternateIdentifier: { ExternalId: { Issuer: 'idp', Id: 'x' } } })));
    assert.equal(byExternal.name, 'ResourceNotFoundException');
    const filtered = await ids().send(new ListGroupsCommand({ IdentityStoreId: store, Filters: [{ AttributePath: 'DisplayName', AttributeValue: 'Developers' }] }));
    assert.deepEqual(filtered.Groups?.map((g) => g.GroupId), [g1]);

    await ids().send(new UpdateGroupCommand({ IdentityStoreId: store, GroupId: g1, Operations: [{ AttributePath: 'description', AttributeValue: 'Builders' }] }));
    assert.equal((await ids().send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: g1 }))).Description, 'Builders');
    const clash = await failure(ids().send(new UpdateGroupCommand({ IdentityStoreId: store, GroupId: g1, Operations: [{ AttributePath: 'displayName', AttributeValue: 'OPERATORS' }] })));
    assert.equal(clash.name, 'ConflictException');

    const u1 = (await user('member1')).UserId!;
    const u2 = (await user('member2')).UserId!;
    const m1 = (await ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: g1, MemberId: { UserId: u1 } }))).MembershipId!;
    const m2 = (await ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: g2, MemberId: { UserId: u1 } }))).MembershipId!;
    await ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: g1, MemberId: { UserId: u2 } }));
    const again = await failure(ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: g1, MemberId: { UserId: u1 } })));
    assert.equal(again.name, 'ConflictException');
    const noUser = await failure(ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: g1, MemberId: { UserId: '12345678-1234-4234-8234-123456789012' } })));
    assert.equal(noUser.name, 'ResourceNotFoundException');
    assert.equal(noUser.ResourceType, 'USER');
    const noGroup = await failure(ids().send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: '12345678-1234-4234-8234-123456789012', MemberId: { UserId: u1 } })));
    assert.equal(noGroup.ResourceType, 'GROUP');

    const m = await ids().send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m1 }));
    assert.equal(m.GroupId, g1);
    assert.deepEqual(m.MemberId, { UserId: u1 });
    assert.equal((await ids().send(new GetGroupMembershipIdCommand({ IdentityStoreId: store, GroupId: g2, MemberId: { UserId: u1 } }))).MembershipId, m2);

    const inGroups = await ids().send(new IsMemberInGroupsCommand({ IdentityStoreId: store, MemberId: { UserId: u2 }, GroupIds: [g1, g2] }));
    assert.deepEqual(
      inGroups.Results?.map((r) => [r.GroupId, r.MembershipExists]),
      [
        [g1, true],
        [g2, false],
      ],
    );
    const members = await ids().send(new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: g1 }));
    assert.deepEqual(new Set(members.GroupMemberships?.map((x) => x.MemberId?.UserId)), new Set([u1, u2]));
    const forMember = await ids().send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: store, MemberId: { UserId: u1 } }));
    assert.deepEqual(new Set(forMember.GroupMemberships?.map((x) => x.GroupId)), new Set([g1, g2]));

    await ids().send(new DeleteGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m2 }));
    const m2gone = await failure(ids().send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m2 })));
    assert.equal(m2gone.ResourceType, 'GROUP_MEMBERSHIP');

    // Deleting a user deletes its memberships; deleting a group, its own.
    await ids().send(new DeleteUserCommand({ IdentityStoreId: store, UserId: u1 }));
    assert.equal((await failure(ids().send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m1 })))).name, 'ResourceNotFoundException');
    assert.deepEqual((await ids().send(new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: g1 }))).GroupMemberships?.map((x) => x.MemberId?.UserId), [u2]);
    await ids().send(new DeleteGroupCommand({ IdentityStoreId: store, GroupId: g1 }));
    assert.deepEqual((await ids().send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: store, MemberId: { UserId: u2 } }))).GroupMemberships, []);
    assert.equal((await failure(ids().send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: g1 })))).ResourceType, 'GROUP');
    // Its name is free again.
    await ids().send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'Developers' }));
  });

  it("authorizes identitystore:<Action> on the store's ARN and on each user, group or membership it names", async () => {
    const { UserId } = await user('guarded');
    const { UserId: other } = await user('open');
    const storeArn = `arn:aws:identitystore::${t.account}:identitystore/${store}`;
    const reader = await putUser(t, 'ids-reader', {
      inline: {
        read: allow(['identitystore:DescribeUser', 'identitystore:ListUsers'], [storeArn, `arn:aws:identitystore:::user/${other!}`, 'arn:aws:identitystore:::user/*']),
        deny: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'identitystore:DescribeUser', Resource: `arn:aws:identitystore:::user/${UserId!}` }] },
      },
    });
    const nobody = await putUser(t, 'ids-nobody');

    assert.equal((await ids(reader).send(new DescribeUserCommand({ IdentityStoreId: store, UserId: other! }))).UserName, 'open');
    assert.ok((await ids(reader).send(new ListUsersCommand({ IdentityStoreId: store }))).Users!.length >= 2);
    const denied = await failure(ids(reader).send(new DescribeUserCommand({ IdentityStoreId: store, UserId: UserId! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, new RegExp(`identitystore:DescribeUser on resource: arn:aws:identitystore:::user/${UserId!}`));
    const notAllowed = await failure(ids(reader).send(new CreateUserCommand({ IdentityStoreId: store, UserName: 'x', DisplayName: 'x' })));
    assert.equal(notAllowed.name, 'AccessDeniedException');
    const none = await failure(ids(nobody).send(new ListUsersCommand({ IdentityStoreId: store })));
    assert.equal(none.name, 'AccessDeniedException');
    assert.match(none.message, new RegExp(`identitystore:ListUsers on resource: ${storeArn}`));
  });
});

describe('identitystore audit events', () => {
  it("are audited as identitystore.amazonaws.com, with no user's attribute values in them", async () => {
    const t = await startTestServer();
    const store = (await putInstance(t)).identityStoreId;
    const client = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    const { UserId } = await client.send(
      new CreateUserCommand({ IdentityStoreId: store, UserName: 'audited-user', DisplayName: 'Audited Person', Name: { GivenName: 'Secretgiven' }, Emails: [{ Value: 'private-mail@example.com' }] }),
    );
    await client.send(new UpdateUserCommand({ IdentityStoreId: store, UserId: UserId!, Operations: [{ AttributePath: 'emails', AttributeValue: [{ value: 'other-private@example.com' }] }] }));
    await client.send(new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'audited-user' } } }));
    await failure(client.send(new CreateUserCommand({ IdentityStoreId: store, UserName: 'audited-user', DisplayName: 'Again' })));
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const text = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    for (const secret of ['audited-user', 'Audited Person', 'Secretgiven', 'private-mail@example.com', 'other-private@example.com']) assert.ok(!text.includes(secret), secret);
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventSource: string; eventName: string; errorCode?: string; responseElements?: { userId?: string } });
    const created = events.filter((e) => e.eventName === 'CreateUser');
    assert.equal(created.length, 2);
    assert.ok(created.every((e) => e.eventSource === 'identitystore.amazonaws.com'));
    assert.equal(created[0]!.responseElements?.userId, UserId);
    assert.ok(created[1]!.errorCode !== undefined);
    await t.close();
  });
});
