import type { AnyAction } from '../../core/action.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { createOpenIdConnectProvider } from './create-provider.js';
import { listOpenIdConnectProviderTags, tagOpenIdConnectProvider, untagOpenIdConnectProvider } from './provider-tags.js';
import { getOpenIdConnectProvider, listOpenIdConnectProviders } from './read-providers.js';
import {
  addClientIdToOpenIdConnectProvider, deleteOpenIdConnectProvider, removeClientIdFromOpenIdConnectProvider, updateOpenIdConnectProviderThumbprint,
} from './update-provider.js';

/** IAM OIDC identity providers and sts:AssumeRoleWithWebIdentity. */
export const oidcActions: readonly AnyAction[] = [
  createOpenIdConnectProvider,
  getOpenIdConnectProvider,
  listOpenIdConnectProviders,
  deleteOpenIdConnectProvider,
  addClientIdToOpenIdConnectProvider,
  removeClientIdFromOpenIdConnectProvider,
  updateOpenIdConnectProviderThumbprint,
  tagOpenIdConnectProvider,
  untagOpenIdConnectProvider,
  listOpenIdConnectProviderTags,
  assumeRoleWithWebIdentity,
];
