/**
 * sso-admin (service `sso`, AWS JSON 1.1, target prefix SWBExternalService): the instance,
 * permission sets, their policies and tags. Account assignments and provisioning come later.
 */
import type { AnyAction } from '../../core/action.js';
import { instanceActions } from './instances.js';
import { permissionSetActions } from './permission-sets.js';
import { policyActions } from './policies.js';
import { tagActions } from './tags.js';

export const ssoAdminActions: readonly AnyAction[] = [...instanceActions, ...permissionSetActions, ...policyActions, ...tagActions];
