import type { AnyAction } from '../../core/action.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { getUserAction } from './get-user.js';
import { listUsers } from './list-users.js';
import { updateUser } from './update-user.js';
import { deleteUserPermissionsBoundary, putUserPermissionsBoundary } from './user-boundary.js';
import { listUserTags, tagUser, untagUser } from './user-tags.js';

export const userActions: readonly AnyAction[] = [
  createUser,
  getUserAction,
  listUsers,
  updateUser,
  deleteUser,
  tagUser,
  untagUser,
  listUserTags,
  putUserPermissionsBoundary,
  deleteUserPermissionsBoundary,
];
