import type { AnyAction } from '../../core/action.js';
import { getWebIdentityToken } from './get-web-identity-token.js';
import { disableOutboundWebIdentityFederation, enableOutboundWebIdentityFederation, getOutboundWebIdentityFederationInfo } from './outbound.js';

/** AWS's outbound identity federation (IAM's switch, sts:GetWebIdentityToken) on Rolegate's own issuer. */
export const issuerActions: readonly AnyAction[] = [enableOutboundWebIdentityFederation, getOutboundWebIdentityFederationInfo, disableOutboundWebIdentityFederation, getWebIdentityToken];
