/**
 * iam:TagSAMLProvider, iam:UntagSAMLProvider, iam:ListSAMLProviderTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagSAMLProvider.html (and
 * API_UntagSAMLProvider, API_ListSAMLProviderTags). Keys match ignoring case; at most 50 tags.
 */
import { action } from '../../server/action.js';
import { KIND, type SamlProviderData } from '../../iam/model.js';
import { paging, tagKeys, tags, type Tag } from '../../iam/shapes.js';
import { encodeQueryTagPage } from '../../iam/users/tag-page.js';
import { checkDuplicateTags, mergeTags, removeTags, requestTagContext } from '../../iam/tags.js';
import { getProvider, providerArn } from './provider-common.js';

interface TagInput {
  readonly SAMLProviderArn: string;
  readonly Tags: readonly Tag[];
}

export const tagSamlProvider = action<TagInput>({
  service: 'iam',
  name: 'TagSAMLProvider',
  params: { SAMLProviderArn: { ...providerArn, required: true }, Tags: { ...tags, required: true } },
  resource: (input) => input.SAMLProviderArn,
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkDuplicateTags(input.Tags);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await getProvider(tx, account, input.SAMLProviderArn);
      const data: SamlProviderData = { ...item.data, tags: mergeTags(item.data.tags, input.Tags, 'TagsPerSAMLProvider') };
      await tx.put<SamlProviderData>({ account, kind: KIND.samlProvider, key: item.key, id: data.uuid, data }, item.version);
    });
    return undefined;
  },
});

interface UntagInput {
  readonly SAMLProviderArn: string;
  readonly TagKeys: readonly string[];
}

export const untagSamlProvider = action<UntagInput>({
  service: 'iam',
  name: 'UntagSAMLProvider',
  params: { SAMLProviderArn: { ...providerArn, required: true }, TagKeys: { ...tagKeys, required: true } },
  resource: (input) => input.SAMLProviderArn,
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await getProvider(tx, account, input.SAMLProviderArn);
      const remaining = removeTags(item.data.tags, input.TagKeys);
      if (remaining.length === item.data.tags.length) return;
      const data: SamlProviderData = { ...item.data, tags: remaining };
      await tx.put<SamlProviderData>({ account, kind: KIND.samlProvider, key: item.key, id: data.uuid, data }, item.version);
    });
    return undefined;
  },
});

interface ListInput {
  readonly SAMLProviderArn: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export const listSamlProviderTags = action<ListInput>({
  service: 'iam',
  name: 'ListSAMLProviderTags',
  params: { SAMLProviderArn: { ...providerArn, required: true }, ...paging },
  resource: (input) => input.SAMLProviderArn,
  handler: async (ctx, input) => {
    const item = await ctx.store.read((tx) => getProvider(tx, ctx.caller.account, input.SAMLProviderArn));
    return encodeQueryTagPage(item.data.tags, input);
  },
});
