import type { AnyAction } from '../server/registry.js';
import { createAccount } from './create-account.js';
import { createOrganization } from './create-organization.js';
import { describeAccount } from './describe-account.js';
import { describeCreateAccountStatus } from './describe-create-account-status.js';
import { describeOrganization } from './describe-organization.js';
import { listAccounts } from './list-accounts.js';

export const organizationsActions: readonly AnyAction[] = [
  createOrganization,
  describeOrganization,
  createAccount,
  describeCreateAccountStatus,
  listAccounts,
  describeAccount,
];
