/**
 * iam:GetOpenIDConnectProvider, iam:ListOpenIDConnectProviders
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html
 * AWS returns the URL without its scheme, and ClientIDList, ThumbprintList and Tags even when
 * empty (LocalStack snapshot "get-response", recorded against AWS).
 */
import { action } from '../../core/action.js';
import { KIND, type OidcProviderData } from '../../iam/model.js';
import { arn } from '../../iam/shapes.js';
import { getProvider } from './common.js';

export const getOpenIdConnectProvider = action({
  service: 'iam',
  name: 'GetOpenIDConnectProvider',
  params: { OpenIDConnectProviderArn: { ...arn, required: true } },
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    const p = await ctx.store.read((tx) => getProvider(tx, ctx.caller.account, input.OpenIDConnectProviderArn));
    const d = p.data;
    return {
      Url: d.url.replace(/^https?:\/\//, ''),
      ClientIDList: [...d.clientIds],
      ThumbprintList: [...d.thumbprints],
      CreateDate: new Date(d.createdAt),
      Tags: d.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
  },
});

/** No paging in the API: an account holds at most 100 providers. */
export const listOpenIdConnectProviders = action({
  service: 'iam',
  name: 'ListOpenIDConnectProviders',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const items = await ctx.store.read((tx) => tx.list<OidcProviderData>(ctx.caller.account, KIND.oidcProvider, { limit: 1000 }));
    return { OpenIDConnectProviderList: items.map((i) => ({ Arn: i.data.arn })) };
  },
});
