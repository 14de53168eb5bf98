/** Parameter shapes of Rolegate's own service (no AWS model: written to match IAM's). */
import type { Spec } from '../core/input.js';
import { roleName } from '../iam/shapes.js';
// AWS's arnType pattern (STS's RoleArn): no NUL, no lone surrogate.
import { roleArn as arnType } from '../sts/shapes.js';

export { roleName };
/** An AWS Region name, e.g. eu-west-1. */
export const region = { type: 'string', min: 1, max: 64, pattern: { re: /^[a-z0-9-]+$/, text: '[a-z0-9-]+' } } as const satisfies Spec;
/**
 * A declared resource's ARN: at most RESOURCE_ARN_MAX characters, and as many UTF-8 bytes (the
 * handler checks those): it is part of the usage's store key (src/iam/service-linked/model.ts),
 * which with the role id and region must stay within the store's 1024 bytes. AWS's arnType runs
 * to 2048; the resources that use a role (clusters, functions, …) are far shorter.
 */
export const RESOURCE_ARN_MAX = 900;
export const resourceArn = { ...arnType, max: RESOURCE_ARN_MAX } as const satisfies Spec;
/** The resources a call declares or withdraws: 1–100 ARNs. */
export const resourceArns = { type: 'list', member: resourceArn, min: 1, max: 100 } as const satisfies Spec;
/** A service principal, e.g. ec2.amazonaws.com (a DNS name). */
export const servicePrincipal = { type: 'string', min: 1, max: 253, pattern: { re: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, text: '[a-z0-9]([a-z0-9.-]*[a-z0-9])?' } } as const satisfies Spec;
