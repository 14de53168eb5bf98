import type { AnyAction } from '../server/registry.js';
import { createAccount } from './create-account.js';
import { createOrganization } from './create-organization.js';
import { describeAccount } from './describe-account.js';
import { describeCreateAccountStatus } from './describe-create-account-status.js';
import { describeOrganization } from './describe-organization.js';
import { listAccounts } from './list-accounts.js';

export const organizationsActions: readonly AnyAction[] = [
  createOrganization as AnyAction,
  describeOrganization as AnyAction,
  createAccount as AnyAction,
  describeCreateAccountStatus as AnyAction,
  listAccounts as AnyAction,
  describeAccount as AnyAction,
];
