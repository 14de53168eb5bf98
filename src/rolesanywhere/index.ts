/** IAM Roles Anywhere's control plane (service `rolesanywhere`, restJson1): trust anchors (and their notification settings), profiles and tags. */
import type { AnyAction } from '../core/action.js';
import { notificationActions } from './notification-settings.js';
import { profileActions } from './profiles.js';
import { tagActions } from './tags.js';
import { trustAnchorActions } from './trust-anchors.js';

export const rolesAnywhereActions: readonly AnyAction[] = [...trustAnchorActions, ...notificationActions, ...profileActions, ...tagActions];
