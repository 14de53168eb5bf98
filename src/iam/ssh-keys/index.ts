import type { AnyAction } from '../../core/action.js';
import { getSshPublicKey, listSshPublicKeys } from './get-list.js';
import { deleteSshPublicKey, updateSshPublicKey } from './update-delete.js';
import { uploadSshPublicKey } from './upload-ssh-public-key.js';

export const sshKeyActions: readonly AnyAction[] = [uploadSshPublicKey, getSshPublicKey, listSshPublicKeys, updateSshPublicKey, deleteSshPublicKey];
