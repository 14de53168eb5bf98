/**
 * iam:TagOpenIDConnectProvider, iam:UntagOpenIDConnectProvider, iam:ListOpenIDConnectProviderTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
 * Keys match ignoring case; at most 50 tags, AWS's LimitExceeded wording for providers
 * ("The number of tags has reached the maximum limit.", LocalStack snapshot recorded against AWS).
 */
import { LimitExceeded } from '../../protocol/errors.js';
import { action } from '../../server/action.js';
import { KIND, type OidcProviderData } from '../../iam/model.js';
import { arn, paging, tagKeys, tags, type Tag } from '../../iam/shapes.js';
import { encodeQueryTagPage } from '../../iam/users/tag-page.js';
import { MAX_TAGS, checkDuplicateTags, removeTags, requestTagContext } from '../../iam/tags.js';
import { getProvider } from './common.js';

const providerArnParam = { OpenIDConnectProviderArn: { ...arn, required: true } } as const;

interface TagInput {
  readonly OpenIDConnectProviderArn: string;
  readonly Tags: readonly Tag[];
}

function merge(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ Key: t.Key, Value: t.Value }));
  for (const t of added) {
    const i = out.findIndex((o) => o.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw LimitExceeded('The number of tags has reached the maximum limit.');
  return out;
}

export const tagOpenIdConnectProvider = action<TagInput>({
  service: 'iam',
  name: 'TagOpenIDConnectProvider',
  params: { ...providerArnParam, Tags: { ...tags, required: true } },
  resource: (input) => input.OpenIDConnectProviderArn,
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkDuplicateTags(input.Tags);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const p = await getProvider(tx, account, input.OpenIDConnectProviderArn);
      const data: OidcProviderData = { ...p.data, tags: merge(p.data.tags, input.Tags) };
      await tx.put<OidcProviderData>({ account, kind: KIND.oidcProvider, key: p.key, data }, p.version);
    });
    return undefined;
  },
});

interface UntagInput {
  readonly OpenIDConnectProviderArn: string;
  readonly TagKeys: readonly string[];
}

export const untagOpenIdConnectProvider = action<UntagInput>({
  service: 'iam',
  name: 'UntagOpenIDConnectProvider',
  params: { ...providerArnParam, TagKeys: { ...tagKeys, required: true } },
  resource: (input) => input.OpenIDConnectProviderArn,
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const p = await getProvider(tx, account, input.OpenIDConnectProviderArn);
      const remaining = removeTags(p.data.tags, input.TagKeys);
      if (remaining.length === p.data.tags.length) return;
      await tx.put<OidcProviderData>({ account, kind: KIND.oidcProvider, key: p.key, data: { ...p.data, tags: remaining } }, p.version);
    });
    return undefined;
  },
});

interface ListInput {
  readonly OpenIDConnectProviderArn: string;
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export const listOpenIdConnectProviderTags = action<ListInput>({
  service: 'iam',
  name: 'ListOpenIDConnectProviderTags',
  params: { ...providerArnParam, ...paging },
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    const p = await ctx.store.read((tx) => getProvider(tx, ctx.caller.account, input.OpenIDConnectProviderArn));
    return encodeQueryTagPage(p.data.tags, input);
  },
});
