import type { AnyAction } from '../../core/action.js';
import { getAccountAuthorizationDetails } from './get-account-authorization-details.js';
import { getAccountSummary } from './get-account-summary.js';

export const accountActions: readonly AnyAction[] = [getAccountSummary, getAccountAuthorizationDetails];
