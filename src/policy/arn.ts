/**
 * ARN-aware matching for Resource/NotResource and the Arn* condition operators.
 *
 * AWS: "You can use wildcard characters (* and ?) within the individual segments of an ARN (the
 * parts separated by colons) ... If the * wildcard is the last character of a resource ARN
 * segment, it can expand to match beyond the colon boundaries."
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * AWS (ArnLike/ArnEquals): "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)." — reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { type Glob, type Token, STAR, compileGlob, matchGlob } from './wildcard.js';

export type ArnPattern =
  | { readonly kind: 'any' }
  /** Six segment globs; the sixth (resource) segment may hold colons. */
  | { readonly kind: 'segments'; readonly parts: readonly Glob[] }
  /** Fewer than six segments ending in `*`: the last glob takes the rest of the ARN, colons and all. */
  | { readonly kind: 'tail'; readonly parts: readonly Glob[] }
  /** Not shaped like an ARN: the whole text is one glob (e.g. a non-ARN resource string). */
  | { readonly kind: 'whole'; readonly glob: Glob };

/** Splits at the first five colons: ["arn", partition, service, region, account, resource]. */
export function splitArn(value: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const j = value.indexOf(':', start);
    if (j < 0) return undefined;
    parts.push(value.slice(start, j));
    start = j + 1;
  }
  parts.push(value.slice(start));
  return parts;
}

export function compileArnPattern(tokens: readonly Token[]): ArnPattern {
  if (tokens.length === 1 && tokens[0] === STAR) return { kind: 'any' };
  const segs: Token[][] = [[]];
  for (const t of tokens) {
    if (typeof t !== 'string' || segs.length === 6) {
      segs[segs.length - 1]!.push(t);
      continue;
    }
    let rest = t;
    let j = rest.indexOf(':');
    while (j >= 0 && segs.length < 6) {
      segs[segs.length - 1]!.push(rest.slice(0, j));
      segs.push([]);
      rest = rest.slice(j + 1);
      j = rest.indexOf(':');
    }
    segs[segs.length - 1]!.push(rest);
  }
  const parts = segs.map((s) => compileGlob(s));
  if (segs.length === 6) return { kind: 'segments', parts };
  const last = segs[segs.length - 1]!;
  if (segs.length > 1 && last[last.length - 1] === STAR) return { kind: 'tail', parts };
  return { kind: 'whole', glob: compileGlob(tokens) };
}

/** `parts` is splitArn(value), passed in so a request splits its resource once. */
export function matchArn(p: ArnPattern, value: string, parts: readonly string[] | undefined): boolean {
  switch (p.kind) {
    case 'any':
      return true;
    case 'whole':
      return matchGlob(p.glob, value);
    case 'segments': {
      if (!parts) return false;
      for (let i = 0; i < 6; i++) if (!matchGlob(p.parts[i]!, parts[i]!)) return false;
      return true;
    }
    case 'tail': {
      if (!parts) return false;
      const n = p.parts.length;
      for (let i = 0; i < n - 1; i++) if (!matchGlob(p.parts[i]!, parts[i]!)) return false;
      return matchGlob(p.parts[n - 1]!, parts.slice(n - 1).join(':'));
    }
  }
}

/** The account id of an ARN (its fifth field), or undefined. */
export function arnAccount(value: string): string | undefined {
  const parts = splitArn(value);
  return parts && parts[4] ? parts[4] : undefined;
}
