import type { AnyAction } from '../../server/registry.js';

export const samlActions: readonly AnyAction[] = [];
