import type { AnyAction } from '../../server/registry.js';

export const instanceProfileActions: readonly AnyAction[] = [];
