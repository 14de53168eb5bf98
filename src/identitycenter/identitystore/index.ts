/** IAM Identity Center's identity store (service `identitystore`, AWS JSON 1.1): users, groups and group memberships of the account's instance. */
import type { AnyAction } from '../../core/action.js';
import { groupActions } from './groups.js';
import { membershipActions } from './memberships.js';
import { userActions } from './users.js';

export const identityStoreActions: readonly AnyAction[] = [...userActions, ...groupActions, ...membershipActions];
