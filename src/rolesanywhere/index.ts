/** IAM Roles Anywhere's control plane (service `rolesanywhere`, restJson1): trust anchors, profiles and tags. */
import type { AnyAction } from '../core/action.js';
import { profileActions } from './profiles.js';
import { tagActions } from './tags.js';
import { trustAnchorActions } from './trust-anchors.js';

export const rolesAnywhereActions: readonly AnyAction[] = [...trustAnchorActions, ...profileActions, ...tagActions];
