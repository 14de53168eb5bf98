/**
 * AWS's service principals (ec2.amazonaws.com, lambda.amazonaws.com, …) as data: built at
 * `npm run build` by scripts/build-service-principals.mjs (from the AWS managed policies, the
 * service-linked role catalogue, the Service Authorization Reference's service prefixes and the
 * recordings in scripts/data/service-principals.txt), loaded on first use.
 *
 * Real AWS refuses a trust policy naming a service it does not know: MalformedPolicyDocument
 * `Invalid principal in policy: "SERVICE":"tagging.amazonaws.com"` (hashicorp/terraform#35086,
 * UpdateAssumeRolePolicy against AWS). Only names under amazonaws.com are checked against the list;
 * the other forms the policy grammar takes (amazonaws.com.cn, amazon.com) stay checked by form.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MalformedPolicyDocument } from '../../core/errors.js';
import type { PolicyDocumentJson } from '../../policy/index.js';

// Static data of this build, read once per process (not per-server state).
let known: ReadonlySet<string> | undefined;

/** Every catalogued service principal. */
export function servicePrincipals(): ReadonlySet<string> {
  if (known === undefined) {
    // dist/src/iam/roles/service-principals.js → dist/data/service-principals.json
    const file = fileURLToPath(new URL('../../../data/service-principals.json', import.meta.url));
    known = new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
  }
  return known;
}

/** Whether AWS knows this service principal (names outside amazonaws.com: by form only). */
export function isKnownServicePrincipal(value: string): boolean {
  const v = value.toLowerCase();
  if (!v.endsWith('.amazonaws.com')) return true;
  return servicePrincipals().has(v);
}

/** Throws AWS's MalformedPolicyDocument for the first service principal AWS does not know. */
export function checkServicePrincipals(doc: PolicyDocumentJson): void {
  for (const st of doc.Statement) {
    for (const p of [st.Principal, st.NotPrincipal]) {
      if (p === undefined || p === '*') continue;
      for (const value of p.Service ?? []) {
        if (!isKnownServicePrincipal(value)) throw MalformedPolicyDocument(`Invalid principal in policy: "SERVICE":"${value}"`);
      }
    }
  }
}
