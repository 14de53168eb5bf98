/**
 * identitystore group memberships: Create/Describe/DeleteGroupMembership, GetGroupMembershipId,
 * IsMemberInGroups, ListGroupMemberships, ListGroupMembershipsForMember. A membership names an
 * existing group and an existing user (MemberId, a union whose one member is UserId), at most once.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateGroupMembership.html
 */
import { type Output, action } from '../../core/action.js';
import { ConflictError, type ReadTx, type WriteTx } from '../../store/types.js';
import { KIND, type MembershipData, authorizeAlso, duplicate, groupArn, groupIn, invalid, key, membershipArn, newId, notFound, page, storeOf, storeResource, userArn, userIn } from './model.js';

type View = { readonly [k: string]: Output };
import { identityStoreId, maxResults, memberId, nextToken, resourceId } from './shapes.js';

/** MemberId's one member. */
function memberOf(m: { readonly UserId?: string }): string {
  if (m.UserId === undefined) throw invalid('MemberId must have exactly one member: UserId.');
  return m.UserId;
}

function membershipView(store: string, m: MembershipData): View {
  const at = new Date(m.createdAt);
  return { IdentityStoreId: store, MembershipId: m.membershipId, GroupId: m.groupId, MemberId: { UserId: m.userId }, CreatedAt: at, UpdatedAt: at, CreatedBy: m.createdBy, UpdatedBy: m.createdBy };
}

async function membershipIn(tx: ReadTx, account: string, store: string, id: string) {
  const item = await tx.get<MembershipData>(account, KIND.membership, key(store, id));
  if (item === undefined) throw notFound('GROUP_MEMBERSHIP', id);
  return item;
}

async function removeMembership(tx: WriteTx, account: string, store: string, m: MembershipData): Promise<void> {
  await tx.delete(account, KIND.membership, key(store, m.membershipId));
  await tx.delete(account, KIND.groupMember, key(store, m.groupId, m.userId));
  await tx.delete(account, KIND.memberGroup, key(store, m.userId, m.groupId));
}

/** Deletes every membership of a group (`KIND.groupMember`) or of a user (`KIND.memberGroup`), in the caller's transaction. */
export async function deleteMemberships(tx: WriteTx, account: string, store: string, kind: typeof KIND.groupMember | typeof KIND.memberGroup, id: string): Promise<void> {
  const prefix = key(store, id, '');
  for (;;) {
    const items = await tx.list<MembershipData>(account, kind, { prefix, limit: 1000 });
    for (const i of items) await removeMembership(tx, account, store, i.data);
    if (items.length < 1000) return;
  }
}

const pairParams = { IdentityStoreId: { ...identityStoreId, required: true }, GroupId: { ...resourceId, required: true }, MemberId: { ...memberId, required: true } } as const;
const idParams = { IdentityStoreId: { ...identityStoreId, required: true }, MembershipId: { ...resourceId, required: true } } as const;

export const createGroupMembership = action({
  service: 'identitystore',
  name: 'CreateGroupMembership',
  params: pairParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    const userId = memberOf(input.MemberId);
    authorizeAlso(ctx, 'CreateGroupMembership', [groupArn(input.GroupId), userArn(userId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    const data: MembershipData = { membershipId: newId(ctx), groupId: input.GroupId, userId, createdAt: ctx.now.toISOString(), createdBy: ctx.caller.arn };
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      await groupIn(tx, account, store, input.GroupId);
      await userIn(tx, account, store, userId);
      try {
        await tx.put({ account, kind: KIND.groupMember, key: key(store, input.GroupId, userId), data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw duplicate('membership');
        throw e;
      }
      await tx.put({ account, kind: KIND.memberGroup, key: key(store, userId, input.GroupId), data }, 0);
      await tx.put({ account, kind: KIND.membership, key: key(store, data.membershipId), data }, 0);
    });
    return { MembershipId: data.membershipId, IdentityStoreId: store };
  },
});

export const describeGroupMembership = action({
  service: 'identitystore',
  name: 'DescribeGroupMembership',
  params: idParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DescribeGroupMembership', [membershipArn(input.MembershipId)]);
    const m = await ctx.store.read(async (tx) => {
      await storeOf(tx, ctx.caller.account, input.IdentityStoreId);
      return (await membershipIn(tx, ctx.caller.account, input.IdentityStoreId, input.MembershipId)).data;
    });
    authorizeAlso(ctx, 'DescribeGroupMembership', [groupArn(m.groupId), userArn(m.userId)]);
    return membershipView(input.IdentityStoreId, m);
  },
});

export const deleteGroupMembership = action({
  service: 'identitystore',
  name: 'DeleteGroupMembership',
  params: idParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DeleteGroupMembership', [membershipArn(input.MembershipId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      const m = (await membershipIn(tx, account, store, input.MembershipId)).data;
      authorizeAlso(ctx, 'DeleteGroupMembership', [groupArn(m.groupId), userArn(m.userId)]);
      await removeMembership(tx, account, store, m);
    });
    return {};
  },
});

export const getGroupMembershipId = action({
  service: 'identitystore',
  name: 'GetGroupMembershipId',
  params: pairParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    const userId = memberOf(input.MemberId);
    authorizeAlso(ctx, 'GetGroupMembershipId', [groupArn(input.GroupId), userArn(userId)]);
    const store = input.IdentityStoreId;
    const item = await ctx.store.read(async (tx) => {
      await storeOf(tx, ctx.caller.account, store);
      return tx.get<MembershipData>(ctx.caller.account, KIND.groupMember, key(store, input.GroupId, userId));
    });
    if (item === undefined) throw notFound('GROUP_MEMBERSHIP');
    authorizeAlso(ctx, 'GetGroupMembershipId', [membershipArn(item.data.membershipId)]);
    return { MembershipId: item.data.membershipId, IdentityStoreId: store };
  },
});

export const isMemberInGroups = action({
  service: 'identitystore',
  name: 'IsMemberInGroups',
  params: {
    IdentityStoreId: { ...identityStoreId, required: true },
    MemberId: { ...memberId, required: true },
    GroupIds: { type: 'list', min: 1, max: 100, member: resourceId, required: true },
  },
  resource: storeResource,
  handler: async (ctx, input) => {
    const userId = memberOf(input.MemberId);
    authorizeAlso(ctx, 'IsMemberInGroups', [membershipArn('*'), userArn(userId), ...input.GroupIds.map(groupArn)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    return ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      await userIn(tx, account, store, userId);
      const Results = [];
      for (const GroupId of input.GroupIds) {
        const m = await tx.get(account, KIND.memberGroup, key(store, userId, GroupId));
        Results.push({ GroupId, MemberId: { UserId: userId }, MembershipExists: m !== undefined });
      }
      return { Results };
    });
  },
});

const listParams = { MaxResults: maxResults, NextToken: nextToken } as const;

export const listGroupMemberships = action({
  service: 'identitystore',
  name: 'ListGroupMemberships',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, GroupId: { ...resourceId, required: true }, ...listParams },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'ListGroupMemberships', [membershipArn('*'), groupArn(input.GroupId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    return ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      await groupIn(tx, account, store, input.GroupId);
      const { items, next } = await page<MembershipData>(tx, account, KIND.groupMember, key(store, input.GroupId, ''), input);
      return { GroupMemberships: items.map((i) => membershipView(store, i.data)), NextToken: next };
    });
  },
});

export const listGroupMembershipsForMember = action({
  service: 'identitystore',
  name: 'ListGroupMembershipsForMember',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, MemberId: { ...memberId, required: true }, ...listParams },
  resource: storeResource,
  handler: async (ctx, input) => {
    const userId = memberOf(input.MemberId);
    authorizeAlso(ctx, 'ListGroupMembershipsForMember', [membershipArn('*'), userArn(userId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    return ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      await userIn(tx, account, store, userId);
      const { items, next } = await page<MembershipData>(tx, account, KIND.memberGroup, key(store, userId, ''), input);
      return { GroupMemberships: items.map((i) => membershipView(store, i.data)), NextToken: next };
    });
  },
});

export const membershipActions = [createGroupMembership, describeGroupMembership, deleteGroupMembership, getGroupMembershipId, isMemberInGroups, listGroupMemberships, listGroupMembershipsForMember];
