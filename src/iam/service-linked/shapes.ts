/** Service-linked role parameter shapes from the IAM service model (botocore iam/2010-05-08/service-2.json). */
import type { Spec } from '../../core/input.js';
import { NAME } from '../shapes.js';

/** customSuffixType: 1–64 of [\w+=,.@-]. */
export const customSuffix = { type: 'string', min: 1, max: 64, pattern: NAME } as const satisfies Spec;
/** DeletionTaskIdType: 1–1000 characters. */
export const deletionTaskId = { type: 'string', min: 1, max: 1000 } as const satisfies Spec;
