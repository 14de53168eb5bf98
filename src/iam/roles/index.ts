import type { AnyAction } from '../../server/registry.js';

export const roleActions: readonly AnyAction[] = [];
