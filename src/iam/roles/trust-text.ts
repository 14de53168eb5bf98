/**
 * Rewrites the AWS principal values of a trust policy inside its text, leaving every other byte
 * as written: AWS returns a trust policy as it was written, except that a principal which no
 * longer exists is shown by its unique id (and a renamed one by its new ARN).
 * The text has been validated, so it is JSON; this scanner only tracks where each string sits.
 */

/** The key paths (arrays skipped) under which a string is an AWS principal value. */
const PRINCIPAL_PATHS: ReadonlySet<string> = new Set(['Statement/Principal/AWS', 'Statement/NotPrincipal/AWS']);

interface Frame {
  readonly array: boolean;
  key: string | undefined;
  /** In an object: whether the next string is a key. */
  expectKey: boolean;
}

/** Returns `text` with each principal string `s` for which `replace(s)` is defined swapped for that value. */
export function rewritePrincipals(text: string, replace: (value: string) => string | undefined): string {
  const stack: Frame[] = [];
  const out: string[] = [];
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ array: c === '[', key: undefined, expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array) top.expectKey = true;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, end)) as string;
        top.expectKey = false;
      } else if (PRINCIPAL_PATHS.has(pathOf(stack))) {
        const next = replace(JSON.parse(text.slice(i, end)) as string);
        if (next !== undefined) {
          out.push(text.slice(copied, i), JSON.stringify(next));
          copied = end;
        }
      }
      i = end - 1;
    }
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

function pathOf(stack: readonly Frame[]): string {
  const keys: string[] = [];
  for (const f of stack) if (!f.array && f.key !== undefined) keys.push(f.key);
  return keys.join('/');
}
