/**
 * iam:DeleteSAMLProvider, iam:ListSAMLProviders
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSAMLProvider.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSAMLProviders.html
 * Deleting a provider leaves the roles that trust it as they are (AWS: "the resource ARN … in
 * the role's trust policy … is not removed"); their assumption then fails. ListSAMLProviders has
 * no paging: an account holds at most 100 providers.
 */
import { action } from '../../core/action.js';
import { KIND, type SamlProviderData } from '../../iam/model.js';
import { getProvider, providerArn } from './provider-common.js';

export const deleteSamlProvider = action({
  service: 'iam',
  name: 'DeleteSAMLProvider',
  params: { SAMLProviderArn: { ...providerArn, required: true } },
  resource: (input) => input.SAMLProviderArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await getProvider(tx, account, input.SAMLProviderArn);
      await tx.delete(account, KIND.samlProvider, item.key, item.version);
    });
    return undefined;
  },
});

export const listSamlProviders = action({
  service: 'iam',
  name: 'ListSAMLProviders',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const items = await ctx.store.read((tx) => tx.list<SamlProviderData>(ctx.caller.account, KIND.samlProvider, { limit: 1000 }));
    return {
      SAMLProviderList: items.map((i) => ({ Arn: i.data.arn, ValidUntil: new Date(i.data.validUntil), CreateDate: new Date(i.data.createdAt) })),
    };
  },
});
