import type { AnyAction } from '../server/registry.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './get-caller-identity.js';

export const stsActions: readonly AnyAction[] = [getCallerIdentity as AnyAction, assumeRole as AnyAction];
