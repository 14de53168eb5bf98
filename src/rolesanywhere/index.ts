/** IAM Roles Anywhere's control plane (service `rolesanywhere`, restJson1): trust anchors (and their notification settings), profiles and tags; and CreateSession, its data plane. */
import type { AnyAction } from '../core/action.js';
import { createSession } from './create-session.js';
import { notificationActions } from './notification-settings.js';
import { profileActions } from './profiles.js';
import { tagActions } from './tags.js';
import { trustAnchorActions } from './trust-anchors.js';

export const rolesAnywhereActions: readonly AnyAction[] = [...trustAnchorActions, ...notificationActions, ...profileActions, ...tagActions, createSession];
