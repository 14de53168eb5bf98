/**
 * iam:TagInstanceProfile, iam:UntagInstanceProfile, iam:ListInstanceProfileTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html (and
 * API_UntagInstanceProfile, API_ListInstanceProfileTags). Keys match ignoring case; at most 50.
 */
import { action } from '../../server/action.js';
import { type InstanceProfileData, KIND } from '../model.js';
import { instanceProfileName } from '../roles/shapes.js';
import { paging, tagKeys, tags, type Tag } from '../shapes.js';
import { encodeQueryTagPage } from '../users/tag-page.js';
import { checkDuplicateTags, mergeTags, removeTags, requestTagContext } from '../tags.js';
import { getProfile, profileResource } from './common.js';

const nameParam = { InstanceProfileName: { ...instanceProfileName, required: true } };

interface TagInput {
  readonly InstanceProfileName: string;
  readonly Tags: readonly Tag[];
}

export const tagInstanceProfile = action<TagInput>({
  service: 'iam',
  name: 'TagInstanceProfile',
  params: { ...nameParam, Tags: { ...tags, required: true } },
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkDuplicateTags(input.Tags);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const p = await getProfile(tx, account, input.InstanceProfileName);
      const data: InstanceProfileData = { ...p.data, tags: mergeTags(p.data.tags, input.Tags, 'TagsPerInstanceProfile') };
      await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: p.key, id: data.id, data }, p.version);
    });
    return undefined;
  },
});

interface UntagInput {
  readonly InstanceProfileName: string;
  readonly TagKeys: readonly string[];
}

export const untagInstanceProfile = action<UntagInput>({
  service: 'iam',
  name: 'UntagInstanceProfile',
  params: { ...nameParam, TagKeys: { ...tagKeys, required: true } },
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const p = await getProfile(tx, account, input.InstanceProfileName);
      const remaining = removeTags(p.data.tags, input.TagKeys);
      if (remaining.length === p.data.tags.length) return;
      const data: InstanceProfileData = { ...p.data, tags: remaining };
      await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: p.key, id: data.id, data }, p.version);
    });
    return undefined;
  },
});

interface ListInput {
  readonly InstanceProfileName: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export const listInstanceProfileTags = action<ListInput>({
  service: 'iam',
  name: 'ListInstanceProfileTags',
  params: { ...nameParam, ...paging },
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  handler: async (ctx, input) => {
    const p = await ctx.store.read((tx) => getProfile(tx, ctx.caller.account, input.InstanceProfileName));
    return encodeQueryTagPage(p.data.tags, input);
  },
});
