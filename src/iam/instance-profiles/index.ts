/** The instance-profile family: profiles, the one role each may hold, and their tags. */
import type { AnyAction } from '../../core/action.js';
import { createInstanceProfile, deleteInstanceProfile, getInstanceProfile } from './create-delete.js';
import { listInstanceProfiles, listInstanceProfilesForRole } from './lists.js';
import { addRoleToInstanceProfile, removeRoleFromInstanceProfile } from './profile-roles.js';
import { listInstanceProfileTags, tagInstanceProfile, untagInstanceProfile } from './profile-tags.js';

export const instanceProfileActions: readonly AnyAction[] = [
  createInstanceProfile,
  getInstanceProfile,
  deleteInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  tagInstanceProfile,
  untagInstanceProfile,
  listInstanceProfileTags,
];
