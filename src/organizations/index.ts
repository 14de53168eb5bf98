import type { AnyAction } from '../server/registry.js';

export const organizationsActions: readonly AnyAction[] = [];
