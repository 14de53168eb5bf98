import type { AnyAction } from '../../core/action.js';
import { createAccessKey } from './create-access-key.js';
import { deleteAccessKey } from './delete-access-key.js';
import { getAccessKeyLastUsed } from './get-access-key-last-used.js';
import { listAccessKeys } from './list-access-keys.js';
import { updateAccessKey } from './update-access-key.js';

export const accessKeyActions: readonly AnyAction[] = [createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey, getAccessKeyLastUsed];
