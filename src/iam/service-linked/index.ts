/** The service-linked role family: create, delete (asynchronous) and the deletion's status. */
import type { AnyAction } from '../../core/action.js';
import type { Services } from '../../core/services.js';
import { DELETIONS } from './runner.js';
import { createServiceLinkedRole } from './create.js';
import { deleteServiceLinkedRole } from './delete.js';
import { getServiceLinkedRoleDeletionStatus } from './deletion-status.js';

export const serviceLinkedRoleActions: readonly AnyAction[] = [createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];
export { resumeDeletions } from './runner.js';

/** Resolves when the deletions scheduled so far have run (shutdown waits for them). */
export const deletionsIdle = (services: Services): Promise<void> => services.get(DELETIONS).idle();
