/**
 * The last line of defence for sensitive members (params.ts `sensitive`: private keys, assertions,
 * tokens, MFA codes): whatever error a request ends in — a validation message, a handler's
 * InvalidInput, a library's fault text on its way to the log — no text leaves with a value the
 * request sent in a sensitive member. The validators already never quote them; this catches what
 * a future message might.
 */
import { AwsError } from '../protocol/errors.js';
import { JsonAwsError, checkJsonShape } from '../protocol/json.js';
import type { Params } from '../protocol/params.js';
import { parseForm } from '../protocol/query.js';

/** Shorter values are not searched for: they would blot out ordinary words of a message. */
const MIN_SECRET = 4;
const HIDDEN = '***';

/**
 * The values a request carried in its sensitive members. `get` reads a top-level member by name
 * (a Query field, or a JSON body's member); a sensitive member inside a list or structure is read
 * through `get` too, by its Query name (`X.member.N`), which JSON bodies simply do not have.
 */
function sensitiveValues(params: Params, get: (name: string) => unknown): string[] {
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

/** The values a failed request sent in its action's sensitive members (Query form or JSON body). */
export function requestSecrets(params: Params, target: string | undefined, rawQuery: string, body: Buffer): string[] {
  return sensitiveValues(params, sensitiveSource(target, rawQuery, body));
}

/**
 * Reads a request's members by name for sensitiveValues: on the error path only, and only when the
 * action has a sensitive member is the body parsed again.
 */
function sensitiveSource(target: string | undefined, rawQuery: string, body: Buffer): (name: string) => unknown {
  let read: ((name: string) => unknown) | undefined;
  return (name) => {
    read ??= readerOf(target, rawQuery, body);
    return read(name);
  };
}

function readerOf(target: string | undefined, rawQuery: string, body: Buffer): (name: string) => unknown {
  if (target === undefined) {
    let fields: ReadonlyMap<string, string>;
    try {
      fields = parseForm(rawQuery, body.toString('utf8'));
    } catch {
      return () => undefined; // it parsed once already, before the action was known
    }
    return (name) => fields.get(name);
  }
  let o: unknown;
  try {
    const text = body.toString('utf8');
    // A body decodeJson refused for its shape is not built here either (1 MiB of `[[[…]]]` took
    // 120–270 ms); its refusal quotes nothing of it.
    checkJsonShape(text);
    o = JSON.parse(text);
  } catch {
    return () => undefined;
  }
  return (name) => (typeof o === 'object' && o !== null && Object.hasOwn(o, name) ? (o as Record<string, unknown>)[name] : undefined);
}

/**
 * Below this length a value (an MFA code, a short email) is hidden only where it stands as a whole
 * word: a code of 111111 must not turn arn:aws:iam::111111111111:… into arn:aws:iam::******:….
 */
const WHOLE_WORD_BELOW = 16;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** `text` with every occurrence of every secret replaced (short ones only as whole words). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
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
  return e instanceof JsonAwsError ? new JsonAwsError(e.code, message, e.members, e.status) : new AwsError(e.code, message, e.status, e.sender);
}
