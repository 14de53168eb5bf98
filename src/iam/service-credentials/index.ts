import type { AnyAction } from '../../core/action.js';
import { createServiceSpecificCredential } from './create.js';
import { deleteServiceSpecificCredential, listServiceSpecificCredentials, resetServiceSpecificCredential, updateServiceSpecificCredential } from './manage.js';

export const serviceCredentialActions: readonly AnyAction[] = [
  createServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
  deleteServiceSpecificCredential,
];
