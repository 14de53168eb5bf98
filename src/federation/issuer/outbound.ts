/**
 * AWS's outbound identity federation switch (IAM, 2025): iam:EnableOutboundWebIdentityFederation,
 * iam:GetOutboundWebIdentityFederationInfo, iam:DisableOutboundWebIdentityFederation. Enabling
 * gives the account its issuer (`<ROLEGATE_ISSUER_URL>/outbound/<account>`), whose discovery
 * document and JWKS are served from then on; disabling stops sts:GetWebIdentityToken but, as AWS
 * documents, "does not affect tokens that were issued before": the issuer's keys stay published.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DisableOutboundWebIdentityFederation.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOutboundWebIdentityFederationInfo.html
 * Messages: the service model's descriptions of FeatureEnabled / FeatureDisabled (no recording of
 * AWS's own wording is known).
 */
import { action } from '../../core/action.js';
import { error } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';
import { issuerUrl } from './issuers.js';

/** One item per account, key `config`. */
export const OUTBOUND_KIND = 'outbound-federation';
const KEY = 'config';

export interface OutboundData {
  readonly enabled: boolean;
  readonly changedAt: string;
}

const FeatureEnabled = error('FeatureEnabled');
const FeatureDisabled = error('FeatureDisabled');
const ALREADY_ENABLED =
  'Outbound identity federation is already enabled for your account. You cannot enable the feature multiple times. To fetch the current configuration (including the unique issuer URL), use the GetOutboundWebIdentityFederationInfo operation.';
const ALREADY_DISABLED = 'Outbound identity federation is already disabled for your account. You cannot disable the feature multiple times.';
const NOT_ENABLED = 'Outbound identity federation is not enabled for your account.';

export const outboundState = async (tx: ReadTx, account: string): Promise<OutboundData | undefined> => (await tx.get<OutboundData>(account, OUTBOUND_KIND, KEY))?.data;

export const enableOutboundWebIdentityFederation = action({
  service: 'iam',
  name: 'EnableOutboundWebIdentityFederation',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await tx.get<OutboundData>(account, OUTBOUND_KIND, KEY);
      if (item?.data.enabled === true) throw FeatureEnabled(ALREADY_ENABLED);
      await tx.put<OutboundData>({ account, kind: OUTBOUND_KIND, key: KEY, data: { enabled: true, changedAt: ctx.now.toISOString() } }, item?.version ?? 0);
    });
    return { IssuerIdentifier: issuerUrl(ctx.services.config, 'outbound', account) };
  },
});

export const disableOutboundWebIdentityFederation = action({
  service: 'iam',
  name: 'DisableOutboundWebIdentityFederation',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await tx.get<OutboundData>(account, OUTBOUND_KIND, KEY);
      if (item === undefined || !item.data.enabled) throw FeatureDisabled(ALREADY_DISABLED);
      await tx.put<OutboundData>({ account, kind: OUTBOUND_KIND, key: KEY, data: { enabled: false, changedAt: ctx.now.toISOString() } }, item.version);
    });
    return {};
  },
});

export const getOutboundWebIdentityFederationInfo = action({
  service: 'iam',
  name: 'GetOutboundWebIdentityFederationInfo',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const account = ctx.caller.account;
    const state = await ctx.store.read((tx) => outboundState(tx, account));
    // Never enabled: there is no issuer to describe.
    if (state === undefined) throw FeatureDisabled(NOT_ENABLED);
    return { IssuerIdentifier: issuerUrl(ctx.services.config, 'outbound', account), JwtVendingEnabled: state.enabled };
  },
});
