/** Parameter shapes of Rolegate's own service (no AWS model: written to match IAM's). */
import type { Spec } from '../core/input.js';
import { arn, roleName } from '../iam/shapes.js';

export { roleName };
/** An AWS Region name, e.g. eu-west-1. */
export const region = { type: 'string', min: 1, max: 64, pattern: { re: /^[a-z0-9-]+$/, text: '[a-z0-9-]+' } } as const satisfies Spec;
/** The resources a call declares or withdraws: 1–100 ARNs. */
export const resourceArns = { type: 'list', member: arn, min: 1, max: 100 } as const satisfies Spec;
/** A service principal, e.g. ec2.amazonaws.com (a DNS name). */
export const servicePrincipal = { type: 'string', min: 1, max: 253, pattern: { re: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, text: '[a-z0-9]([a-z0-9.-]*[a-z0-9])?' } } as const satisfies Spec;
