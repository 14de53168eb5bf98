/**
 * Query-protocol requests: form fields from the URL query and an
 * application/x-www-form-urlencoded body, merged (the body wins).
 */
import { InvalidParameterValue } from './errors.js';

const MAX_FIELDS = 10_000;

export function parseForm(query: string, body: string): Map<string, string> {
  const fields = new Map<string, string>();
  if (query !== '') addFields(fields, query);
  if (body !== '') addFields(fields, body);
  return fields;
}

/**
 * application/x-www-form-urlencoded as the URL Standard parses it (URLSearchParams), with a fast
 * path: pieces without escapes are taken as they are, valid escapes through decodeURIComponent.
 * A malformed escape sends the whole source to URLSearchParams, which keeps it literally.
 */
function addFields(fields: Map<string, string>, source: string): void {
  let parsed: [string, string][] | undefined = [];
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf('&', start);
    if (end < 0) end = source.length;
    if (end > start) {
      const eq = source.indexOf('=', start);
      const cut = eq < 0 || eq > end ? end : eq;
      const name = decodeComponent(source.slice(start, cut));
      const value = cut === end ? '' : decodeComponent(source.slice(cut + 1, end));
      if (name === undefined || value === undefined) {
        parsed = undefined;
        break;
      }
      parsed.push([name, value]);
    }
    start = end + 1;
  }
  for (const [k, v] of parsed ?? new URLSearchParams(source)) {
    fields.set(k, v);
    if (fields.size > MAX_FIELDS) throw InvalidParameterValue(`Too many parameters: at most ${MAX_FIELDS}.`);
  }
}

/**
 * Escaped ARNs repeat from call to call (a client's RoleArn, its policy ARNs): their decoding is
 * remembered, bounded. Only ARNs: other fields may carry passwords or codes, never kept.
 */
const decoded = new Map<string, string>();
const MAX_DECODED = 1024;

function decodeComponent(s: string): string | undefined {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  const arn = plus.startsWith('arn%3A') && plus.length <= 2048;
  const hit = arn ? decoded.get(plus) : undefined;
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = decodeURIComponent(plus);
  } catch {
    return undefined;
  }
  if (arn) {
    if (decoded.size >= MAX_DECODED) decoded.clear();
    decoded.set(plus, text);
  }
  return text;
}
