/**
 * URI encoding for canonical requests ("Create a signed AWS API request", step 1): encode every
 * byte except the unreserved characters A-Z a-z 0-9 - _ . ~, as %XY with upper-case hex; a space
 * is %20, never "+". Works on bytes so that any UTF-8 (or invalid UTF-8) round-trips exactly.
 */
import { MalformedQueryStringError, MSG, msgIllegalHex } from './errors.js';

const HEX = '0123456789ABCDEF';
const UNRESERVED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') UNRESERVED[c.charCodeAt(0)] = 1;

/** Percent-encode bytes; `keepSlash` leaves "/" alone (for paths). */
export function uriEncodeBytes(bytes: Uint8Array, keepSlash = false): string {
  let out = '';
  for (const b of bytes) {
    if (UNRESERVED[b] === 1 || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

export function uriEncode(text: string, keepSlash = false): string {
  return uriEncodeBytes(Buffer.from(text, 'utf8'), keepSlash);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Decode one query-string component to bytes. "+" is a space, as in form encoding (what AWS's
 * front ends do; SDKs never send "+" for a space, they send %20). Bad escapes are AWS's
 * MalformedQueryString, with its wording.
 */
export function percentDecode(text: string): Buffer {
  if (!text.includes('%') && !text.includes('+')) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x25 && c !== 0x2b) continue;
    if (i > start) parts.push(Buffer.from(text.slice(start, i), 'utf8'));
    if (c === 0x2b) {
      parts.push(SPACE);
      start = i + 1;
      continue;
    }
    if (i + 2 >= text.length) throw new MalformedQueryStringError(MSG.incompleteTrailingEscape);
    const hi = hexValue(text.charCodeAt(i + 1));
    const lo = hexValue(text.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) throw new MalformedQueryStringError(msgIllegalHex(text.slice(i + 1, i + 3)));
    parts.push(Buffer.of((hi << 4) | lo));
    i += 2;
    start = i + 1;
  }
  if (start < text.length) parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

const SPACE = Buffer.of(0x20);
