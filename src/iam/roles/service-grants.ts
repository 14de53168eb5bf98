/**
 * Which policies grant access to a service namespace, for iam:ListPoliciesGrantingServiceAccess:
 * a policy grants access to `s3` when one of its Allow statements can allow some `s3:` action —
 * an Action whose service part matches the namespace (`*`, `s3:Get*`, `s*:*`), or a NotAction
 * that does not exclude the whole namespace (`s3:*`, `*`).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html
 */
import { validatePolicy } from '../../policy/index.js';
import type { PolicyDocumentJson } from '../../policy/index.js';
import { globFromText, matchGlob } from '../../policy/wildcard.js';

/** The parsed statements of a stored (already validated) document; undefined if it no longer parses. */
export function parseStored(document: string): PolicyDocumentJson | undefined {
  try {
    return validatePolicy(document, 'identity', { allowLegacyVersion: true });
  } catch {
    return undefined;
  }
}

function serviceMatches(pattern: string, namespace: string): { matches: boolean; wholeService: boolean } {
  if (pattern === '*') return { matches: true, wholeService: true };
  const i = pattern.indexOf(':');
  if (i < 0) return { matches: false, wholeService: false };
  const matches = matchGlob(globFromText(pattern.slice(0, i), true), namespace.toLowerCase());
  return { matches, wholeService: pattern.slice(i + 1) === '*' };
}

export function grantsService(doc: PolicyDocumentJson, namespace: string): boolean {
  for (const st of doc.Statement) {
    if (st.Effect !== 'Allow') continue;
    if (st.Action?.some((a) => serviceMatches(a, namespace).matches) === true) return true;
    if (st.NotAction !== undefined) {
      const excluded = st.NotAction.some((a) => {
        const m = serviceMatches(a, namespace);
        return m.matches && m.wholeService;
      });
      if (!excluded) return true;
    }
  }
  return false;
}
