import type { AnyAction } from '../../core/action.js';
import { getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy } from './get-context-keys.js';
import { simulateCustomPolicy } from './simulate-custom-policy.js';
import { simulatePrincipalPolicy } from './simulate-principal-policy.js';

export const simulatorActions: readonly AnyAction[] = [
  simulatePrincipalPolicy,
  simulateCustomPolicy,
  getContextKeysForPrincipalPolicy,
  getContextKeysForCustomPolicy,
];
