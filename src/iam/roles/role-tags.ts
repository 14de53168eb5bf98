/**
 * iam:TagRole, iam:UntagRole, iam:ListRoleTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html (and API_UntagRole,
 * API_ListRoleTags). Keys match ignoring case; a role holds at most 50 tags.
 */
import { action } from '../../server/action.js';
import { KIND, type RoleData } from '../model.js';
import { paging, roleName, tagKeys, tags, type Tag } from '../shapes.js';
import { encodeQueryTagPage } from '../users/tag-page.js';
import { checkDuplicateTags, mergeTags, removeTags, requestTagContext } from '../tags.js';
import { getRole, roleResource } from './common.js';

interface TagInput {
  readonly RoleName: string;
  readonly Tags: readonly Tag[];
}

export const tagRole = action<TagInput>({
  service: 'iam',
  name: 'TagRole',
  params: { RoleName: { ...roleName, required: true }, Tags: { ...tags, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkDuplicateTags(input.Tags);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const role = await getRole(tx, account, input.RoleName);
      const data: RoleData = { ...role.data, tags: mergeTags(role.data.tags, input.Tags, 'TagsPerRole') };
      await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
    });
    return undefined;
  },
});

interface UntagInput {
  readonly RoleName: string;
  readonly TagKeys: readonly string[];
}

export const untagRole = action<UntagInput>({
  service: 'iam',
  name: 'UntagRole',
  params: { RoleName: { ...roleName, required: true }, TagKeys: { ...tagKeys, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const role = await getRole(tx, account, input.RoleName);
      const remaining = removeTags(role.data.tags, input.TagKeys);
      if (remaining.length === role.data.tags.length) return;
      const data: RoleData = { ...role.data, tags: remaining };
      await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
    });
    return undefined;
  },
});

interface ListInput {
  readonly RoleName: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export const listRoleTags = action<ListInput>({
  service: 'iam',
  name: 'ListRoleTags',
  params: { RoleName: { ...roleName, required: true }, ...paging },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  handler: async (ctx, input) => {
    const role = await ctx.store.read((tx) => getRole(tx, ctx.caller.account, input.RoleName));
    return encodeQueryTagPage(role.data.tags, input);
  },
});
