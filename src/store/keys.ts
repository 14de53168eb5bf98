/**
 * Key ranges for list() and count(). Keys compare byte-wise as UTF-8 (SQLite's BINARY collation,
 * PostgreSQL's COLLATE "C"), which is Unicode code point order. A prefix becomes a half-open
 * range [prefix, prefixEnd(prefix)) so both databases answer from the primary-key index and a
 * page costs the same however many items follow it (LIKE 'p%' would need escaping and, with
 * an `after` marker, could make the planner scan from the start of the kind).
 */

export interface KeyRange {
  /** Lowest key (the prefix, or the page marker when it is past the prefix). */
  readonly lower: string;
  /** True when `lower` itself is excluded (it is the `after` marker). */
  readonly strict: boolean;
  /** First key past the range, if there is one. */
  readonly upper: string | undefined;
}

/** The smallest string greater than every string that starts with `prefix`; undefined if none. */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0) ?? 0);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  const last = points.pop();
  if (last === undefined) return undefined;
  // U+D800..U+DFFF are not characters (and have no UTF-8 form): the next one after U+D7FF is U+E000.
  points.push(last === 0xd7ff ? 0xe000 : last + 1);
  return String.fromCodePoint(...points);
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function keyRange(prefix = '', after?: string): KeyRange {
  const upper = prefix === '' ? undefined : prefixEnd(prefix);
  if (after !== undefined && compareKeys(after, prefix) >= 0) return { lower: after, strict: true, upper };
  return { lower: prefix, strict: false, upper };
}
