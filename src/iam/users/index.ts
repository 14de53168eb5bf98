import type { AnyAction } from '../../server/registry.js';

export const userActions: readonly AnyAction[] = [];
