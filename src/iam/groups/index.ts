import type { AnyAction } from '../../core/action.js';
import { createGroup } from './create-group.js';
import { deleteGroup } from './delete-group.js';
import { getGroupAction } from './get-group.js';
import { listGroupsForUser } from './list-groups-for-user.js';
import { listGroups } from './list-groups.js';
import { addUserToGroup, removeUserFromGroup } from './membership.js';
import { updateGroup } from './update-group.js';

export const groupActions: readonly AnyAction[] = [
  createGroup,
  getGroupAction,
  listGroups,
  updateGroup,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  listGroupsForUser,
];
