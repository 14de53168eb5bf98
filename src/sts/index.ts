import type { AnyAction } from '../core/action.js';
import { assumeRole } from './assume-role.js';
import { decodeAuthorizationMessage } from './decode-authorization-message.js';
import { getAccessKeyInfo } from './get-access-key-info.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getFederationToken } from './get-federation-token.js';
import { getSessionToken } from './get-session-token.js';

export const stsActions: readonly AnyAction[] = [
  getCallerIdentity,
  assumeRole,
  getSessionToken,
  getFederationToken,
  getAccessKeyInfo,
  decodeAuthorizationMessage,
];
