/**
 * identitystore Create/Describe/Update/Delete/ListGroups and GetGroupId. A group's DisplayName is
 * unique in the identity store (ignoring case, as user names); "Administrator" and
 * "AWSAdministrators" are reserved. Deleting a group deletes its memberships in the same
 * transaction.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateGroup.html
 */
import { type Output, action } from '../../core/action.js';
import { ConflictError, type WriteTx } from '../../store/types.js';
import { applyOperations } from './attributes.js';
import { deleteMemberships } from './memberships.js';
import { KIND, type Attributes, type GroupData, type Ref, authorizeAlso, duplicate, groupArn, key, nameKey, newId, notFound, page, storeOf, storeResource, groupIn } from './model.js';

type View = { readonly [k: string]: Output };
import { alternateIdentifier, filters, groupAttributes, identityStoreId, maxResults, nextToken, operations, resourceId } from './shapes.js';
import { checkReserved, filterValue, uniqueValue } from './users.js';

export function groupView(store: string, g: GroupData): View {
  return {
    GroupId: g.groupId,
    ...(g.attributes as View),
    CreatedAt: new Date(g.createdAt),
    UpdatedAt: new Date(g.updatedAt),
    CreatedBy: g.createdBy,
    UpdatedBy: g.updatedBy,
    IdentityStoreId: store,
  };
}

async function claimName(tx: WriteTx, account: string, store: string, name: string, id: string): Promise<void> {
  checkReserved(name);
  try {
    await tx.put<Ref>({ account, kind: KIND.groupName, key: nameKey(store, name), data: { id } }, 0);
  } catch (e) {
    if (e instanceof ConflictError) throw duplicate('GroupDisplayName');
    throw e;
  }
}

export const createGroup = action({
  service: 'identitystore',
  name: 'CreateGroup',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, ...groupAttributes },
  resource: storeResource,
  handler: async (ctx, input) => {
    const { IdentityStoreId: store, ...given } = input;
    const attributes: Attributes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    const account = ctx.caller.account;
    const now = ctx.now.toISOString();
    const groupId = newId(ctx);
    const data: GroupData = { groupId, attributes, createdAt: now, createdBy: ctx.caller.arn, updatedAt: now, updatedBy: ctx.caller.arn };
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      if (input.DisplayName !== undefined) await claimName(tx, account, store, input.DisplayName, groupId);
      await tx.put({ account, kind: KIND.group, key: key(store, groupId), data }, 0);
    });
    return { GroupId: groupId, IdentityStoreId: store };
  },
});

const groupParams = { IdentityStoreId: { ...identityStoreId, required: true }, GroupId: { ...resourceId, required: true } } as const;

export const describeGroup = action({
  service: 'identitystore',
  name: 'DescribeGroup',
  params: groupParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DescribeGroup', [groupArn(input.GroupId)]);
    return ctx.store.read(async (tx) => {
      await storeOf(tx, ctx.caller.account, input.IdentityStoreId);
      const group = await groupIn(tx, ctx.caller.account, input.IdentityStoreId, input.GroupId);
      return groupView(input.IdentityStoreId, group.data);
    });
  },
});

export const updateGroup = action({
  service: 'identitystore',
  name: 'UpdateGroup',
  params: { ...groupParams, Operations: { ...operations, required: true } },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'UpdateGroup', [groupArn(input.GroupId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      const item = await groupIn(tx, account, store, input.GroupId);
      const attributes = applyOperations(item.data.attributes, input.Operations, groupAttributes, []);
      const before = item.data.attributes.DisplayName as string | undefined;
      const after = attributes.DisplayName as string | undefined;
      if (after?.toLowerCase() !== before?.toLowerCase()) {
        if (after !== undefined) await claimName(tx, account, store, after, input.GroupId);
        if (before !== undefined) await tx.delete(account, KIND.groupName, nameKey(store, before));
      } else if (after !== undefined && after !== before) {
        checkReserved(after);
      }
      const data: GroupData = { ...item.data, attributes, updatedAt: ctx.now.toISOString(), updatedBy: ctx.caller.arn };
      await tx.put({ account, kind: KIND.group, key: key(store, input.GroupId), data }, item.version);
    });
    return {};
  },
});

export const deleteGroup = action({
  service: 'identitystore',
  name: 'DeleteGroup',
  params: groupParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DeleteGroup', [groupArn(input.GroupId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      const item = await groupIn(tx, account, store, input.GroupId);
      await deleteMemberships(tx, account, store, KIND.groupMember, input.GroupId);
      const name = item.data.attributes.DisplayName as string | undefined;
      if (name !== undefined) await tx.delete(account, KIND.groupName, nameKey(store, name));
      await tx.delete(account, KIND.group, item.key, item.version);
    });
    return {};
  },
});

export const listGroups = action({
  service: 'identitystore',
  name: 'ListGroups',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, MaxResults: maxResults, NextToken: nextToken, Filters: filters },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'ListGroups', [groupArn('*')]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    const name = filterValue(input.Filters, 'DisplayName');
    return ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      if (name !== undefined) {
        const ref = await tx.get<Ref>(account, KIND.groupName, nameKey(store, name));
        const group = ref === undefined ? undefined : await tx.get<GroupData>(account, KIND.group, key(store, ref.data.id));
        return { Groups: group === undefined ? [] : [groupView(store, group.data)] };
      }
      const { items, next } = await page<GroupData>(tx, account, KIND.group, key(store, ''), input);
      return { Groups: items.map((i) => groupView(store, i.data)), NextToken: next };
    });
  },
});

export const getGroupId = action({
  service: 'identitystore',
  name: 'GetGroupId',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, AlternateIdentifier: { ...alternateIdentifier, required: true } },
  resource: storeResource,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    const name = uniqueValue(input.AlternateIdentifier, 'DisplayName');
    const groupId = await ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      const ref = name === undefined ? undefined : await tx.get<Ref>(account, KIND.groupName, nameKey(store, name));
      return ref?.data.id;
    });
    if (groupId === undefined) throw notFound('GROUP');
    authorizeAlso(ctx, 'GetGroupId', [groupArn(groupId)]);
    return { GroupId: groupId, IdentityStoreId: store };
  },
});

export const groupActions = [createGroup, describeGroup, updateGroup, deleteGroup, listGroups, getGroupId];
