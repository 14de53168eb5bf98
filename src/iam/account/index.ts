import type { AnyAction } from '../../core/action.js';
import { createAccountAlias, deleteAccountAlias, listAccountAliases } from './aliases.js';
import { generateCredentialReport, getCredentialReport } from './credential-report-actions.js';
import { getAccountAuthorizationDetails } from './get-account-authorization-details.js';
import { getAccountSummary } from './get-account-summary.js';

export const accountActions: readonly AnyAction[] = [
  getAccountSummary,
  getAccountAuthorizationDetails,
  createAccountAlias,
  listAccountAliases,
  deleteAccountAlias,
  generateCredentialReport,
  getCredentialReport,
];
