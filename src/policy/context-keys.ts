/**
 * The context keys a statement refers to, as the policy simulator lists them
 * (GetContextKeysForCustomPolicy / GetContextKeysForPrincipalPolicy, and MissingContextValues):
 * policy variables in Resource / NotResource, then each condition key followed by the variables
 * in its values; spelled as written, each key once (keys compare ignoring case).
 * aws-cli examples/iam/get-context-keys-for-custom-policy.rst: a statement with Resource
 * `…:table/${aws:username}` and a condition on aws:CurrentTime lists
 * ["aws:username", "aws:CurrentTime"].
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html
 */
import type { StatementJson } from './types.js';

/** Same key grammar as variables.ts (a tag key may hold letters, digits, spaces and _.:/=+-@). */
const KEY_RE = /^[\p{L}\p{M}\p{N}_.:/=+@ -]+$/u;

/** Variable names in `text` as written: `${aws:username}`, `${aws:PrincipalTag/team, 'x'}`. */
function variableKeys(text: string, out: string[]): void {
  let i = 0;
  for (;;) {
    const open = text.indexOf('${', i);
    if (open < 0) return;
    const close = text.indexOf('}', open + 2);
    if (close < 0) return;
    const body = text.slice(open + 2, close);
    const comma = body.indexOf(',');
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    // ${*}, ${?}, ${$} are escapes, not keys.
    if (key !== '*' && key !== '?' && key !== '$' && KEY_RE.test(key)) out.push(key);
    i = close + 1;
  }
}

/** Keys in document order, duplicates included (callers dedupe across statements). */
export function statementContextKeys(s: StatementJson, variables: boolean): string[] {
  const out: string[] = [];
  if (variables) for (const r of s.Resource ?? s.NotResource ?? []) variableKeys(r, out);
  for (const block of Object.values(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      out.push(key);
      if (variables) for (const v of values) variableKeys(v, out);
    }
  }
  return out;
}

/** Adds keys not yet present (ignoring case) to `out`, keeping the first spelling. */
export function addKeys(keys: readonly string[], seen: Set<string>, out: string[]): void {
  for (const k of keys) {
    const lower = k.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push(k);
  }
}
