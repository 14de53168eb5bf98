import type { AnyAction } from '../../server/registry.js';

export const policyActions: readonly AnyAction[] = [];
