/**
 * Rolegate's own service (prefix `rolegate`): calls for the services that sit beside Rolegate,
 * which AWS's own services make inside AWS. Not in AWS's Service Authorization Reference: their
 * resource types are given in src/access/service-reference.ts.
 */
import type { AnyAction } from '../core/action.js';
import { assumeRoleForService } from './assume-role-for-service.js';
import { checkPassRole } from './pass-role.js';
import { createServiceAccountToken } from './create-service-account-token.js';
import { getWorkloadCredentials } from './workload-credentials.js';
import { declareRoleUsage, listRoleUsage, withdrawRoleUsage } from './role-usage.js';

export const rolegateActions: readonly AnyAction[] = [declareRoleUsage, withdrawRoleUsage, listRoleUsage, checkPassRole, assumeRoleForService, createServiceAccountToken, getWorkloadCredentials];
