/**
 * IAM wildcard matching (`*` any run, `?` one character) in linear-ish time, never through a
 * regular expression built from policy text. A pattern is compiled once into a Glob; the
 * frequent shapes (everything, exact, prefix, suffix) get constant-work paths.
 */

/** A pattern piece: literal text, or a wildcard. Substituted variables and `${*}` escapes are literal. */
export type Token = string | typeof STAR | typeof QMARK;
export const STAR: unique symbol = Symbol('*');
export const QMARK: unique symbol = Symbol('?');

const STAR_CODE = -1;
const QMARK_CODE = -2;

export type Glob =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'general'; readonly codes: Int32Array };

/** Splits raw pattern text into tokens: every `*` and `?` is a wildcard. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*' || c === '?') {
      if (lit) out.push(lit);
      lit = '';
      out.push(c === '*' ? STAR : QMARK);
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

export function compileGlob(tokens: readonly Token[], lowerCase = false): Glob {
  const norm = mergeLiterals(tokens, lowerCase);
  if (norm.length === 0) return { kind: 'exact', text: '' };
  if (norm.length === 1) {
    const t = norm[0]!;
    if (t === STAR) return { kind: 'any' };
    if (typeof t === 'string') return { kind: 'exact', text: t };
  }
  if (norm.length === 2) {
    const [a, b] = norm;
    if (typeof a === 'string' && b === STAR) return { kind: 'prefix', text: a };
    if (a === STAR && typeof b === 'string') return { kind: 'suffix', text: b };
  }
  const codes: number[] = [];
  for (const t of norm) {
    if (t === STAR) codes.push(STAR_CODE);
    else if (t === QMARK) codes.push(QMARK_CODE);
    else for (let i = 0; i < t.length; i++) codes.push(t.charCodeAt(i));
  }
  return { kind: 'general', codes: Int32Array.from(codes) };
}

export function globFromText(text: string, lowerCase = false): Glob {
  return compileGlob(tokenize(text), lowerCase);
}

export function matchGlob(g: Glob, s: string): boolean {
  switch (g.kind) {
    case 'any':
      return true;
    case 'exact':
      return s === g.text;
    case 'prefix':
      return s.startsWith(g.text);
    case 'suffix':
      return s.endsWith(g.text);
    case 'general':
      return matchCodes(g.codes, s);
  }
}

/** True when the tokens hold a wildcard (so exact-set lookups cannot serve them). */
export function hasWildcard(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t === STAR || t === QMARK);
}

function mergeLiterals(tokens: readonly Token[], lowerCase: boolean): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (typeof t === 'string') {
      if (t === '') continue;
      const v = lowerCase ? t.toLowerCase() : t;
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + v;
      else out.push(v);
    } else if (t === STAR && out[out.length - 1] === STAR) {
      continue; // `**` matches what `*` matches
    } else out.push(t);
  }
  return out;
}

/**
 * Greedy match with single-star backtracking: O(|p|·|s|) at worst, no recursion, no allocation.
 * Correct for `*`/`?` globs because a later star can always absorb what an earlier one would.
 */
function matchCodes(p: Int32Array, s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  const pl = p.length;
  const sl = s.length;
  while (si < sl) {
    if (pi < pl) {
      const c = p[pi]!;
      if (c === STAR_CODE) {
        starP = pi++;
        starS = si;
        continue;
      }
      if (c === QMARK_CODE || c === s.charCodeAt(si)) {
        pi++;
        si++;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP + 1;
    si = ++starS;
  }
  while (pi < pl && p[pi] === STAR_CODE) pi++;
  return pi === pl;
}
