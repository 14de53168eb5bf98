import type { AnyAction } from '../../server/registry.js';

export const oidcActions: readonly AnyAction[] = [];
