/**
 * identitystore Create/Describe/Update/Delete/ListUsers and GetUserId. In IAM Identity Center a
 * user needs a UserName (unique in the identity store, ignoring case) and a DisplayName;
 * "Administrator" and "AWSAdministrators" are reserved. Deleting a user deletes its group
 * memberships in the same transaction.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateUser.html
 */
import { type Output, action } from '../../core/action.js';
import { ConflictError, type WriteTx } from '../../store/types.js';
import { applyOperations } from './attributes.js';
import { deleteMemberships } from './memberships.js';
import { KIND, type Attributes, type Ref, type UserData, authorizeAlso, duplicate, invalid, key, nameKey, newId, notFound, page, storeOf, storeResource, userArn, userIn } from './model.js';

type View = { readonly [k: string]: Output };
import { alternateIdentifier, filters, identityStoreId, maxResults, nextToken, operations, resourceId, userAttributes } from './shapes.js';

/** Reserved for users and groups (CreateUser's and CreateGroup's UserName / DisplayName). */
export function checkReserved(value: string): void {
  const lower = value.toLowerCase();
  // The value is not quoted: UserName and DisplayName are sensitive members.
  if (lower === 'administrator' || lower === 'awsadministrators') throw invalid('Administrator and AWSAdministrators are reserved names and cannot be used for users or groups.');
}

const REQUIRED = ['UserName', 'DisplayName'] as const;

function checkRequired(attributes: Attributes): void {
  for (const m of REQUIRED) if (attributes[m] === undefined) throw invalid(`${m} is required.`);
}

export function userView(store: string, u: UserData): View {
  return {
    IdentityStoreId: store,
    UserId: u.userId,
    ...(u.attributes as View),
    UserStatus: 'ENABLED',
    CreatedAt: new Date(u.createdAt),
    CreatedBy: u.createdBy,
    UpdatedAt: new Date(u.updatedAt),
    UpdatedBy: u.updatedBy,
  };
}

/** Claims `name` for `id` (ConflictException when another user holds it). */
async function claimName(tx: WriteTx, account: string, store: string, name: string, id: string): Promise<void> {
  try {
    await tx.put<Ref>({ account, kind: KIND.userName, key: nameKey(store, name), data: { id } }, 0);
  } catch (e) {
    if (e instanceof ConflictError) throw duplicate('UserName');
    throw e;
  }
}

export const createUser = action({
  service: 'identitystore',
  name: 'CreateUser',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, ...userAttributes },
  resource: storeResource,
  handler: async (ctx, input) => {
    const { IdentityStoreId: store, ...given } = input;
    const attributes: Attributes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    checkRequired(attributes);
    checkReserved(input.UserName!);
    const account = ctx.caller.account;
    const now = ctx.now.toISOString();
    const userId = newId(ctx);
    const data: UserData = { userId, attributes, createdAt: now, createdBy: ctx.caller.arn, updatedAt: now, updatedBy: ctx.caller.arn };
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      await claimName(tx, account, store, input.UserName!, userId);
      await tx.put({ account, kind: KIND.user, key: key(store, userId), data }, 0);
    });
    return { UserId: userId, IdentityStoreId: store };
  },
});

const userParams = { IdentityStoreId: { ...identityStoreId, required: true }, UserId: { ...resourceId, required: true } } as const;

export const describeUser = action({
  service: 'identitystore',
  name: 'DescribeUser',
  params: { ...userParams, Extensions: { type: 'list', min: 1, max: 10, member: { type: 'string', min: 1, max: 50, pattern: { re: /^aws:identitystore:[a-z]{1,20}$/, text: 'aws:identitystore:[a-z]{1,20}' } } } },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DescribeUser', [userArn(input.UserId)]);
    return ctx.store.read(async (tx) => {
      await storeOf(tx, ctx.caller.account, input.IdentityStoreId);
      const user = await userIn(tx, ctx.caller.account, input.IdentityStoreId, input.UserId);
      return userView(input.IdentityStoreId, user.data);
    });
  },
});

export const updateUser = action({
  service: 'identitystore',
  name: 'UpdateUser',
  params: { ...userParams, Operations: { ...operations, required: true } },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'UpdateUser', [userArn(input.UserId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      const item = await userIn(tx, account, store, input.UserId);
      const attributes = applyOperations(item.data.attributes, input.Operations, userAttributes, REQUIRED);
      const before = item.data.attributes.UserName as string;
      const after = attributes.UserName as string;
      if (after.toLowerCase() !== before.toLowerCase()) {
        checkReserved(after);
        await claimName(tx, account, store, after, input.UserId);
        await tx.delete(account, KIND.userName, nameKey(store, before));
      } else if (after !== before) {
        checkReserved(after);
      }
      const data: UserData = { ...item.data, attributes, updatedAt: ctx.now.toISOString(), updatedBy: ctx.caller.arn };
      await tx.put({ account, kind: KIND.user, key: key(store, input.UserId), data }, item.version);
    });
    return {};
  },
});

export const deleteUser = action({
  service: 'identitystore',
  name: 'DeleteUser',
  params: userParams,
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'DeleteUser', [userArn(input.UserId)]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      const item = await userIn(tx, account, store, input.UserId);
      await deleteMemberships(tx, account, store, KIND.memberGroup, input.UserId);
      await tx.delete(account, KIND.userName, nameKey(store, item.data.attributes.UserName as string));
      await tx.delete(account, KIND.user, item.key, item.version);
    });
    return {};
  },
});

/** Filters (deprecated, still accepted): at most one, on UserName. */
export function filterValue(list: readonly { readonly AttributePath: string; readonly AttributeValue: string }[] | undefined, path: string): string | undefined {
  const f = list?.[0];
  if (f === undefined) return undefined;
  if (f.AttributePath.toLowerCase() !== path.toLowerCase()) throw invalid(`Filtering by ${f.AttributePath} is not supported.`);
  return f.AttributeValue;
}

export const listUsers = action({
  service: 'identitystore',
  name: 'ListUsers',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, MaxResults: maxResults, NextToken: nextToken, Filters: filters },
  resource: storeResource,
  handler: async (ctx, input) => {
    authorizeAlso(ctx, 'ListUsers', [userArn('*')]);
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    const name = filterValue(input.Filters, 'UserName');
    return ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      if (name !== undefined) {
        const ref = await tx.get<Ref>(account, KIND.userName, nameKey(store, name));
        const user = ref === undefined ? undefined : await tx.get<UserData>(account, KIND.user, key(store, ref.data.id));
        return { Users: user === undefined ? [] : [userView(store, user.data)] };
      }
      const { items, next } = await page<UserData>(tx, account, KIND.user, key(store, ''), input);
      return { Users: items.map((i) => userView(store, i.data)), NextToken: next };
    });
  },
});

/** AlternateIdentifier, a union: exactly one of ExternalId and UniqueAttribute. */
export function uniqueValue(alt: { readonly ExternalId?: unknown; readonly UniqueAttribute?: { readonly AttributePath: string; readonly AttributeValue: unknown } }, path: string): string | undefined {
  if ((alt.ExternalId === undefined) === (alt.UniqueAttribute === undefined)) throw invalid('AlternateIdentifier must have exactly one of ExternalId and UniqueAttribute.');
  const u = alt.UniqueAttribute;
  if (u === undefined) return undefined; // ExternalId: only identities provisioned from an external identity source carry one; none here does.
  if (u.AttributePath.toLowerCase() !== path.toLowerCase()) throw invalid(`${u.AttributePath} is not a unique attribute.`);
  if (typeof u.AttributeValue !== 'string') throw invalid(`The value of ${u.AttributePath} must be a string.`);
  return u.AttributeValue;
}

export const getUserId = action({
  service: 'identitystore',
  name: 'GetUserId',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, AlternateIdentifier: { ...alternateIdentifier, required: true } },
  resource: storeResource,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    const name = uniqueValue(input.AlternateIdentifier, 'UserName');
    const userId = await ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      const ref = name === undefined ? undefined : await tx.get<Ref>(account, KIND.userName, nameKey(store, name));
      return ref?.data.id;
    });
    if (userId === undefined) throw notFound('USER');
    authorizeAlso(ctx, 'GetUserId', [userArn(userId)]);
    return { IdentityStoreId: store, UserId: userId };
  },
});

export const userActions = [createUser, describeUser, updateUser, deleteUser, listUsers, getUserId];
