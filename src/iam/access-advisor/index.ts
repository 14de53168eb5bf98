import type { AnyAction } from '../../core/action.js';
import { generateServiceLastAccessedDetails, getServiceLastAccessedDetails, getServiceLastAccessedDetailsWithEntities } from './actions.js';

export const accessAdvisorActions: readonly AnyAction[] = [generateServiceLastAccessedDetails, getServiceLastAccessedDetails, getServiceLastAccessedDetailsWithEntities];
