import type { AnyAction } from '../../server/registry.js';

export const accountActions: readonly AnyAction[] = [];
