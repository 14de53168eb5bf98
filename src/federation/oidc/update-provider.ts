/**
 * iam:DeleteOpenIDConnectProvider, iam:AddClientIDToOpenIDConnectProvider,
 * iam:RemoveClientIDFromOpenIDConnectProvider, iam:UpdateOpenIDConnectProviderThumbprint
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html
 * Adding a present client id and removing an absent one are no-ops ("This operation is
 * idempotent"); deleting a missing provider is NoSuchEntity in AWS's own words.
 */
import { NoSuchEntity } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { KIND, type OidcProviderData } from '../../iam/model.js';
import { arn } from '../../iam/shapes.js';
import type { WriteTx } from '../../store/types.js';
import { checkClientIdCount, checkLengths, checkThumbprints, getProvider } from './common.js';

const providerArnParam = { OpenIDConnectProviderArn: { ...arn, required: true } } as const;
const clientId = { type: 'string', required: true, min: 1, max: 255 } as const;

/** One read-modify-write of a provider at its version (a concurrent update fails, not lost). */
async function update(tx: WriteTx, account: string, arnText: string, change: (d: OidcProviderData) => OidcProviderData | undefined): Promise<void> {
  const item = await getProvider(tx, account, arnText);
  const data = change(item.data);
  if (data !== undefined) await tx.put<OidcProviderData>({ account, kind: KIND.oidcProvider, key: item.key, data }, item.version);
}

export const deleteOpenIdConnectProvider = action({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  params: providerArnParam,
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      let item;
      try {
        item = await getProvider(tx, account, input.OpenIDConnectProviderArn);
      } catch {
        throw NoSuchEntity(`OpenId connect Provider ${input.OpenIDConnectProviderArn} cannot be found.`);
      }
      await tx.delete(account, KIND.oidcProvider, item.key, item.version);
    });
    return undefined;
  },
});

export const addClientIdToOpenIdConnectProvider = action({
  service: 'iam',
  name: 'AddClientIDToOpenIDConnectProvider',
  params: { ...providerArnParam, ClientID: clientId },
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    await ctx.store.write((tx) =>
      update(tx, ctx.caller.account, input.OpenIDConnectProviderArn, (d) => {
        if (d.clientIds.includes(input.ClientID)) return undefined;
        checkClientIdCount(d.clientIds.length + 1);
        return { ...d, clientIds: [...d.clientIds, input.ClientID] };
      }),
    );
    return undefined;
  },
});

export const removeClientIdFromOpenIdConnectProvider = action({
  service: 'iam',
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  params: { ...providerArnParam, ClientID: clientId },
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    await ctx.store.write((tx) =>
      update(tx, ctx.caller.account, input.OpenIDConnectProviderArn, (d) =>
        d.clientIds.includes(input.ClientID) ? { ...d, clientIds: d.clientIds.filter((c) => c !== input.ClientID) } : undefined,
      ),
    );
    return undefined;
  },
});

export const updateOpenIdConnectProviderThumbprint = action({
  service: 'iam',
  name: 'UpdateOpenIDConnectProviderThumbprint',
  params: { ...providerArnParam, ThumbprintList: { type: 'list', required: true, member: { type: 'string' } } },
  resource: (input) => input.OpenIDConnectProviderArn,
  handler: async (ctx, input) => {
    checkLengths({ thumbprintList: input.ThumbprintList });
    const thumbprints = checkThumbprints(input.ThumbprintList);
    await ctx.store.write((tx) => update(tx, ctx.caller.account, input.OpenIDConnectProviderArn, (d) => ({ ...d, thumbprints })));
    return undefined;
  },
});

