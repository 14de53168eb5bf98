/**
 * iam:CreateOpenIDConnectProvider
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * ThumbprintList is optional in current AWS ("IAM secures communication with OIDC IdPs using our
 * library of trusted root certificate authorities"); a registered thumbprint trusts a private or
 * self-signed CA. Messages from LocalStack's snapshots, recorded against AWS.
 */
import { EntityAlreadyExists, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type OidcProviderData, iso } from '../../iam/model.js';
import { type Tag, tags } from '../../iam/shapes.js';
import { checkDuplicateTags, requestTagContext } from '../../iam/tags.js';
import { MAX_PROVIDERS, checkClientIdCount, checkLengths, checkThumbprints } from './common.js';
import { providerArn, providerName } from './provider-url.js';

/** Lengths are checked by checkLengths in AWS's own wording for these members. */
const stringList = { type: 'list', member: { type: 'string' } } as const;

export const createOpenIdConnectProvider = action({
  service: 'iam',
  name: 'CreateOpenIDConnectProvider',
  params: { Url: { type: 'string', required: true }, ClientIDList: stringList, ThumbprintList: stringList, Tags: tags },
  resource: (input, caller) => providerArn(caller.account, input.Url.replace(/^https?:\/\//, '')),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    checkLengths({ clientIDList: input.ClientIDList ?? [], thumbprintList: input.ThumbprintList ?? [], url: input.Url });
    const name = providerName(input.Url, ctx.services.config.allowInsecureOidc === true);
    const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
    const clientIds = [...new Set<string>(input.ClientIDList ?? [])];
    checkClientIdCount(clientIds.length);
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const data: OidcProviderData = {
      url: input.Url,
      arn: providerArn(account, name),
      clientIds,
      thumbprints,
      createdAt: iso(ctx.now),
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    const exists = (): Error => EntityAlreadyExists(`Provider with url ${input.Url} already exists.`);
    await ctx.store.write(async (tx) => {
      if (await tx.get(account, KIND.oidcProvider, name)) throw exists();
      if ((await tx.count(account, KIND.oidcProvider)) >= MAX_PROVIDERS) {
        throw LimitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_PROVIDERS}`);
      }
      try {
        await tx.put<OidcProviderData>({ account, kind: KIND.oidcProvider, key: name, data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw exists();
        throw e;
      }
    });
    return { OpenIDConnectProviderArn: data.arn, Tags: data.tags.length === 0 ? undefined : data.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
  },
});
