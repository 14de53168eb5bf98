/**
 * IAM wildcard matching (`*` any run, `?` one character) in linear-ish time, never through a
 * regular expression built from policy text. A pattern is compiled once into a Glob; the
 * frequent shapes (everything, exact, prefix, suffix) get constant-work paths.
 */

/** A pattern piece: literal text, or a wildcard. Substituted variables and `${*}` escapes are literal. */
export type Token = string | typeof STAR | typeof QMARK;
export const STAR: unique symbol = Symbol('*');
export const QMARK: unique symbol = Symbol('?');

const QMARK_CODE = -2;

export type Glob =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | General;

/**
 * Any other pattern, kept as the pieces between its stars. `segs[0]` is anchored at the start and
 * the last piece at the end (either may be empty); with no star the one piece is the whole text.
 */
interface General {
  readonly kind: 'general';
  readonly star: boolean;
  readonly segs: readonly Segment[];
  readonly minLength: number;
}

/**
 * Literal text between stars. Only a piece holding `?` keeps `codes` (`?` as QMARK_CODE: the
 * text cannot tell it from a literal "?") and, built on its first search, the bit-parallel
 * `masks`. Compiling stays a few small objects a pattern: typed arrays for every piece made a
 * 131,072-character policy of 5,000 Resource patterns ~10 MB and ~40 ms to compile (issue 11).
 */
interface Segment {
  readonly text: string;
  readonly length: number;
  readonly codes: readonly number[] | undefined;
  masks?: BitapMasks;
}

interface BitapMasks {
  readonly words: number;
  readonly byChar: ReadonlyMap<number, Uint32Array>;
  readonly other: Uint32Array;
}

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
  const segs: Segment[] = [];
  let pieces: Token[] = [];
  let star = false;
  const flush = (): void => {
    segs.push(segment(pieces));
    pieces = [];
  };
  for (const t of norm) {
    if (t === STAR) {
      star = true;
      flush();
    } else pieces.push(t);
  }
  flush();
  let minLength = 0;
  for (const g of segs) minLength += g.length;
  return { kind: 'general', star, segs, minLength };
}

/** `pieces` are literals and `?` (merged: no two literals in a row). */
function segment(pieces: readonly Token[]): Segment {
  const text = pieces.map((t) => (t === QMARK ? '?' : t)).join('');
  if (!pieces.includes(QMARK)) return { text, length: text.length, codes: undefined };
  const codes: number[] = [];
  for (const t of pieces) {
    if (t === QMARK) codes.push(QMARK_CODE);
    else if (typeof t === 'string') for (let i = 0; i < t.length; i++) codes.push(t.charCodeAt(i));
  }
  return { text, length: text.length, codes };
}

/** Shift-and masks: bit i is set where pattern position i accepts the character (`?` accepts any). */
function bitapMasks(codes: readonly number[]): BitapMasks {
  const words = (codes.length + 31) >>> 5;
  const other = new Uint32Array(words);
  codes.forEach((c, i) => {
    if (c === QMARK_CODE) other[i >>> 5]! |= 1 << (i & 31);
  });
  const byChar = new Map<number, Uint32Array>();
  codes.forEach((c, i) => {
    if (c === QMARK_CODE) return;
    let m = byChar.get(c);
    if (m === undefined) {
      m = Uint32Array.from(other);
      byChar.set(c, m);
    }
    m[i >>> 5]! |= 1 << (i & 31);
  });
  return { words, byChar, other };
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
      return matchGeneral(g, s);
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
 * Star-separated pieces, each placed at its leftmost fit after the previous one (a later star can
 * always absorb what an earlier placement skipped, so leftmost is never wrong). Literal pieces are
 * found with indexOf, pieces holding `?` with a bit-parallel scan: O(|s| + |p|) for literal pieces
 * and O(|s|·|piece|/32) for `?` pieces — never the O(|s|·|p|) of backtracking over a long value.
 */
function matchGeneral(g: General, s: string): boolean {
  const n = s.length;
  const segs = g.segs;
  if (!g.star) return n === g.minLength && segmentAt(segs[0]!, s, 0);
  if (n < g.minLength) return false;
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  const end = n - last.length;
  if (!segmentAt(first, s, 0) || !segmentAt(last, s, end)) return false;
  let pos = first.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    const at = seg.codes === undefined ? s.indexOf(seg.text, pos) : findMasked(seg, seg.codes, s, pos, end);
    if (at < 0 || at + seg.length > end) return false;
    pos = at + seg.length;
  }
  return pos <= end;
}

function segmentAt(seg: Segment, s: string, at: number): boolean {
  const c = seg.codes;
  if (c === undefined) return s.startsWith(seg.text, at);
  for (let i = 0; i < c.length; i++) if (c[i] !== QMARK_CODE && c[i] !== s.charCodeAt(at + i)) return false;
  return true;
}

/** Leftmost start of `seg` in s[from, end), or -1 (shift-and over as many 32-bit words as needed). */
function findMasked(seg: Segment, codes: readonly number[], s: string, from: number, end: number): number {
  seg.masks ??= bitapMasks(codes);
  const { words, byChar, other } = seg.masks;
  const m = codes.length;
  const top = words - 1;
  const hit = 1 << ((m - 1) & 31);
  const d = new Uint32Array(words);
  for (let i = from; i < end; i++) {
    const b = byChar.get(s.charCodeAt(i)) ?? other;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const prev = d[w]!;
      d[w] = ((prev << 1) | carry) & b[w]!;
      carry = prev >>> 31;
    }
    if ((d[top]! & hit) !== 0) return i - m + 1;
  }
  return -1;
}
