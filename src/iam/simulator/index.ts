import type { AnyAction } from '../../server/registry.js';

export const simulatorActions: readonly AnyAction[] = [];
