import type { AnyAction } from '../../server/registry.js';

export const groupActions: readonly AnyAction[] = [];
