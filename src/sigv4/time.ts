/**
 * Request timestamps. AWS reads X-Amz-Date (or Date) in ISO 8601 basic format
 * (20150830T123600Z) and also accepts the extended form (2015-08-30T12:36:00Z) in the header; the
 * string to sign and the credential scope always use the basic form.
 */
import { IncompleteSignatureError, msgBadDate } from './errors.js';

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Milliseconds since the epoch, or throws IncompleteSignature with AWS's wording. */
export function parseAmzDate(value: string): number {
  const m = BASIC.exec(value) ?? EXTENDED.exec(value);
  if (m !== null) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    // Reject dates Date.UTC would roll over (2015-02-30 -> March 2).
    if (back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60) return ms;
  }
  throw new IncompleteSignatureError(msgBadDate(value));
}

/** ISO 8601 basic format, whole seconds: 20150830T123600Z. */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2015-08-30T12:36:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** AWS prints the allowed skew as "15 min"; other spans in seconds. */
export function formatSpan(seconds: number): string {
  return seconds > 0 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`;
}
