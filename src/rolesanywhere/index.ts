/**
 * IAM Roles Anywhere's control plane (service `rolesanywhere`, restJson1): trust anchors (and
 * their notification settings), profiles (and their attribute mappings), CRLs, subjects and tags;
 * and CreateSession, its data plane.
 */
import type { AnyAction } from '../core/action.js';
import { attributeMappingActions } from './attribute-mappings.js';
import { createSession } from './create-session.js';
import { crlActions } from './crls.js';
import { notificationActions } from './notification-settings.js';
import { profileActions } from './profiles.js';
import { subjectActions } from './subjects.js';
import { tagActions } from './tags.js';
import { trustAnchorActions } from './trust-anchors.js';

export const rolesAnywhereActions: readonly AnyAction[] = [...trustAnchorActions, ...notificationActions, ...profileActions, ...attributeMappingActions, ...crlActions, ...subjectActions, ...tagActions, createSession];
