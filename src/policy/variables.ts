/**
 * Policy variables in Resource entries and condition values.
 * AWS: variables are replaced only when the policy's Version is 2012-10-17; `${*}`, `${?}` and
 * `${$}` stand for literal `*`, `?` and `$`; `${key, 'default'}` supplies a default; "If there is
 * no value for the key in the request context, ... the policy element matches nothing" (for
 * Resource) — we treat every unresolved entry as one that matches nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { type Token, STAR, QMARK, tokenize } from './wildcard.js';

export interface VariableRef {
  readonly key: string; // lower-cased context key
  readonly fallback?: string;
}

export type TemplatePart = Token | VariableRef;

/** A template with no variables is just tokens; `vars` is false so callers can precompile. */
export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly vars: boolean;
}

/** Looks up one context key (lower-cased) for substitution. */
export type Lookup = (keyLower: string) => unknown;

export function parseTemplate(text: string, variablesEnabled: boolean): Template {
  if (!variablesEnabled || !text.includes('${')) return { parts: tokenize(text), vars: false };
  const parts: TemplatePart[] = [];
  let vars = false;
  let i = 0;
  let plain = '';
  const flush = (): void => {
    if (plain) parts.push(...tokenize(plain));
    plain = '';
  };
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    plain += text.slice(i, open);
    const body = text.slice(open + 2, close);
    const lit = body === '*' ? '*' : body === '?' ? '?' : body === '$' ? '$' : undefined;
    if (lit !== undefined) {
      flush();
      parts.push(lit); // an escaped wildcard is a literal character, never a wildcard
    } else {
      const ref = parseVariable(body);
      if (ref) {
        flush();
        parts.push(ref);
        vars = true;
      } else plain += text.slice(open, close + 1);
    }
    i = close + 1;
  }
  plain += text.slice(i);
  flush();
  return { parts, vars };
}

/**
 * A context key: service prefix, name and, for tag keys, the tag key itself, which may hold
 * "letters, numbers, spaces, and the characters _ . : / = + - @" (Unicode letters included), e.g.
 * `${aws:PrincipalTag/cost center}`. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
const KEY_RE = /^[\p{L}\p{M}\p{N}_.:/=+@ -]+$/u;

function parseVariable(body: string): VariableRef | undefined {
  const comma = body.indexOf(',');
  const key = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (!KEY_RE.test(key)) return undefined;
  if (comma < 0) return { key: key.toLowerCase() };
  const rest = body.slice(comma + 1).trim();
  if (rest.length < 2 || rest[0] !== "'" || rest[rest.length - 1] !== "'") return undefined;
  return { key: key.toLowerCase(), fallback: rest.slice(1, -1) };
}

/** Substitutes variables; undefined when one cannot be resolved (the entry then matches nothing). */
export function resolveTemplate(t: Template, lookup: Lookup): Token[] | undefined {
  if (!t.vars) return t.parts as Token[];
  const out: Token[] = [];
  for (const p of t.parts) {
    if (typeof p === 'string' || p === STAR || p === QMARK) {
      out.push(p);
      continue;
    }
    const ref = p;
    const v = lookup(ref.key);
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (ref.fallback !== undefined) out.push(ref.fallback);
    else return undefined;
  }
  return out;
}

/** The plain string of resolved tokens (wildcards as their characters). */
export function tokensToString(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t === STAR ? '*' : t === QMARK ? '?' : t;
  return s;
}

/** The tokens of a template without variables. */
export function templateTokens(t: Template): Token[] {
  if (t.vars) throw new TypeError('template has variables');
  return t.parts as Token[];
}

/** A cache key for resolved tokens that keeps literal `*` apart from the wildcard. */
export function tokensKey(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t === STAR ? '\u0001' : t === QMARK ? '\u0002' : t;
  return s;
}
