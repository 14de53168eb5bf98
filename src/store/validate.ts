/**
 * Input checks shared by every backend, so SQLite and PostgreSQL accept and refuse exactly the same
 * items. Caller misuse (wrong types, out-of-range limits) throws TypeError, as in the rest of
 * Rolegate; it is a bug in the caller, never a client's fault.
 */
import type { ListOptions } from './types.js';

/**
 * Byte limits (UTF-8). They keep (account, kind, key) far below PostgreSQL's btree entry limit
 * (~2.7 kB) and a change notification below NOTIFY's 8000-byte payload limit.
 */
export const LIMITS = { account: 64, kind: 64, key: 1024, id: 256 } as const;
/** The largest page list() returns (types.ts: limit is 1..10000). */
export const MAX_LIST = 10_000;

/**
 * PostgreSQL text cannot hold U+0000, and neither backend can store a lone UTF-16 surrogate as
 * UTF-8 faithfully, so both are refused everywhere instead of failing on one backend only.
 */
function isCleanText(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export function checkName(what: keyof typeof LIMITS, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`store: ${what} must be a string`);
  if (Buffer.byteLength(value, 'utf8') > LIMITS[what]) {
    throw new TypeError(`store: ${what} is longer than ${LIMITS[what]} bytes`);
  }
  if (!isCleanText(value)) throw new TypeError(`store: ${what} contains U+0000 or a lone surrogate`);
  return value;
}

/** undefined (unconditional) or a non-negative integer. */
export function checkVersion(expected: unknown): number | undefined {
  if (expected === undefined) return undefined;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError('store: expectedVersion must be a non-negative integer');
  }
  return expected;
}

export function checkList(options: ListOptions): void {
  const { limit, prefix, after } = options;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST) {
    throw new TypeError(`store: limit must be an integer from 1 to ${MAX_LIST}`);
  }
  if (prefix !== undefined) checkName('key', prefix);
  if (after !== undefined) checkName('key', after);
}

/**
 * Serializes a document. JSON.stringify writes U+0000 and lone surrogates as \uXXXX escapes (and
 * nothing else it emits as \u is a problem); PostgreSQL's jsonb rejects exactly those, so they
 * are refused here for both backends.
 */
export function serializeData(data: unknown): string {
  const json: unknown = JSON.stringify(data);
  if (typeof json !== 'string') throw new TypeError('store: data must be JSON-serializable');
  for (let i = json.indexOf('\\'); i !== -1; i = json.indexOf('\\', i + 2)) {
    if (json[i + 1] !== 'u') continue;
    const code = Number.parseInt(json.slice(i + 2, i + 6), 16);
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) {
      throw new TypeError('store: data contains U+0000 or a lone surrogate');
    }
  }
  return json;
}
