/**
 * iam:TagUser, iam:UntagUser, iam:ListUserTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html (and API_UntagUser,
 * API_ListUserTags). Tag keys match ignoring case; a user holds at most 50 tags.
 */
import { action } from '../../server/action.js';
import { encodeQueryTagPage } from './tag-page.js';
import { KIND, type UserData } from '../model.js';
import { existingUserName, paging, tagKeys, tags, type Tag } from '../shapes.js';
import { getUser, userResource } from './common.js';
import { checkDuplicateTags, mergeTags, removeTags, requestTagContext } from '../tags.js';

interface TagInput {
  readonly UserName: string;
  readonly Tags: readonly Tag[];
}

export const tagUser = action<TagInput>({
  service: 'iam',
  name: 'TagUser',
  params: { UserName: { ...existingUserName, required: true }, Tags: { ...tags, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkDuplicateTags(input.Tags);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const data: UserData = { ...user.data, tags: mergeTags(user.data.tags, input.Tags, 'TagsPerUser') };
      await tx.put<UserData>({ account, kind: KIND.user, key: user.key, id: data.id, data }, user.version);
    });
    return undefined;
  },
});

interface UntagInput {
  readonly UserName: string;
  readonly TagKeys: readonly string[];
}

export const untagUser = action<UntagInput>({
  service: 'iam',
  name: 'UntagUser',
  params: { UserName: { ...existingUserName, required: true }, TagKeys: { ...tagKeys, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const remaining = removeTags(user.data.tags, input.TagKeys);
      if (remaining.length === user.data.tags.length) return;
      const data: UserData = { ...user.data, tags: remaining };
      await tx.put<UserData>({ account, kind: KIND.user, key: user.key, id: data.id, data }, user.version);
    });
    return undefined;
  },
});

interface ListInput {
  readonly UserName: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export const listUserTags = action<ListInput>({
  service: 'iam',
  name: 'ListUserTags',
  params: { UserName: { ...existingUserName, required: true }, ...paging },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  handler: async (ctx, input) => {
    const user = await ctx.store.read((tx) => getUser(tx, ctx.caller.account, input.UserName));
    return encodeQueryTagPage(user.data.tags, input);
  },
});
