import type { AnyAction } from '../../server/registry.js';

export const accessKeyActions: readonly AnyAction[] = [];
