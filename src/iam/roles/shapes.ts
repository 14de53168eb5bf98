/** Role parameter shapes from the IAM service model (botocore iam/2010-05-08/service-2.json). */
import type { Spec } from '../../core/input.js';
import { DESCRIPTION } from '../shapes.js';

/** roleDescriptionType: 0–1000 characters of the model's pattern. */
export const description = { type: 'string', min: 0, max: 1000, pattern: DESCRIPTION } as const satisfies Spec;
/** roleMaxSessionDurationType: 3600–43200 seconds. */
export const maxSessionDuration = { type: 'integer', min: 3600, max: 43200 } as const satisfies Spec;
/** instanceProfileNameType: 1–128 of [\w+=,.@-]. */
export { groupName as instanceProfileName } from '../shapes.js';
