/**
 * Query-protocol requests: form fields from the URL query and an
 * application/x-www-form-urlencoded body, merged (the body wins).
 */
import { InvalidParameterValue } from './errors.js';

const MAX_FIELDS = 10_000;

export function parseForm(query: string, body: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const source of [query, body]) {
    if (!source) continue;
    for (const [k, v] of new URLSearchParams(source)) {
      fields.set(k, v);
      if (fields.size > MAX_FIELDS) throw InvalidParameterValue(`Too many parameters: at most ${MAX_FIELDS}.`);
    }
  }
  return fields;
}
