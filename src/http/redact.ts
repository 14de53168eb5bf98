/**
 * The last line of defence for sensitive members (a spec's `sensitive`: private keys, assertions,
 * tokens, MFA codes): whatever error a request ends in — a validation message, a handler's
 * InvalidInput, a library's fault text on its way to the log — no text leaves with a value the
 * request sent in a sensitive member. The validators already never quote them; this catches what
 * a future message might.
 */
import type { AwsError } from '../core/errors.js';
import type { Params } from '../core/input.js';
import { hidePrivateKeys } from '../core/private-keys.js';

/** Shorter values are not searched for: they would blot out ordinary words of a message. */
const MIN_SECRET = 4;
const HIDDEN = '***';

/**
 * The values a request carried in its sensitive members, read by its protocol (wire.ts `secrets`).
 * `get` reads a top-level member by name (a Query field, or a JSON body's member); a sensitive
 * member inside a list is read through `get` too, by its Query name (`X.member.N`), which JSON
 * bodies simply do not have.
 */
export function sensitiveValues(params: Params, get: (name: string) => unknown): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(params)) {
    if (spec.sensitive === true) {
      const v = get(name);
      if (typeof v === 'string' && v.length >= MIN_SECRET) out.push(v);
    } else if (spec.type === 'list' && spec.member.sensitive === true) {
      for (let i = 1; i <= 1000; i++) {
        const v = get(`${name}.member.${i}`);
        if (v === undefined) break;
        if (typeof v === 'string' && v.length >= MIN_SECRET) out.push(v);
      }
    }
  }
  return out;
}

/**
 * Below this length a value (an MFA code, a short email) is hidden only where it stands as a whole
 * word: a code of 111111 must not turn arn:aws:iam::111111111111:… into arn:aws:iam::******:….
 */
const WHOLE_WORD_BELOW = 16;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * `text` with every occurrence of every secret replaced (short ones only as whole words), and
 * every PEM private-key block, whichever member carried it (core/private-keys.ts).
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = hidePrivateKeys(text);
  for (const s of secrets) {
    if (!out.includes(s)) continue;
    out = s.length >= WHOLE_WORD_BELOW ? out.split(s).join(HIDDEN) : hideWords(out, s);
  }
  return out;
}

function hideWords(text: string, s: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
    const end = at + s.length;
    if (at < from) continue; // overlaps the occurrence just hidden
    if (inWord(text, at - 1, s, 0) || inWord(text, end, s, s.length - 1)) continue;
    parts.push(text.slice(from, at), HIDDEN);
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Whether text[i] continues a word with the secret's edge character s[edge]. */
function inWord(text: string, i: number, s: string, edge: number): boolean {
  const c = text[i];
  return c !== undefined && WORD_CHAR.test(c) && WORD_CHAR.test(s[edge] ?? '');
}

/** The same error with a scrubbed message (the error itself when nothing needed hiding). */
export function scrubError(e: AwsError, secrets: readonly string[]): AwsError {
  const message = scrub(e.message, secrets);
  if (message === e.message) return e;
  return e.withMessage(message);
}
