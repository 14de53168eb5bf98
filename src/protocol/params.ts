/**
 * Query-protocol input: decoding flat form fields (`Tags.member.1.Key=…`) into typed input by a
 * per-action parameter spec, and validating it with AWS's wording — every failure collected:
 * "2 validation errors detected: Value 'x' at 'roleName' failed to satisfy constraint: Member
 * must have length less than or equal to 64; Value null at 'policyArn' failed to satisfy
 * constraint: Member must not be null".
 */
import { ValidationError } from './errors.js';

export interface Pattern {
  readonly re: RegExp;
  /** The pattern as the service model writes it, for the message. */
  readonly text: string;
}

interface Common {
  readonly required?: boolean;
  /**
   * The service model marks the shape `"sensitive": true` (passwords, private keys, assertions,
   * tokens): no message, log line or audit field ever quotes its value.
   */
  readonly sensitive?: boolean;
}
export type Spec =
  | (Common & { readonly type: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: Pattern; readonly enum?: readonly string[] })
  | (Common & { readonly type: 'integer'; readonly min?: number; readonly max?: number })
  | (Common & { readonly type: 'boolean' })
  | (Common & { readonly type: 'list'; readonly member: Spec; readonly min?: number; readonly max?: number })
  | (Common & { readonly type: 'structure'; readonly members: Readonly<Record<string, Spec>> });

export type Params = Readonly<Record<string, Spec>>;

/** AWS's member names in messages are lowerCamelCase: RoleName → roleName, MFA → mFA. */
const memberNames = new Map<string, string>();
function memberName(name: string): string {
  // Names come from the actions' specs: a bounded set, each lower-cased once.
  let m = memberNames.get(name);
  if (m === undefined) {
    m = name.charAt(0).toLowerCase() + name.slice(1);
    memberNames.set(name, m);
  }
  return m;
}

/**
 * No list is cut short: members are read up to the first missing index. The form's own cap
 * (10,000 fields, protocol/query.ts) bounds every list; AWS documents no count for most of them
 * (SimulateCustomPolicy's ResourceArns, say), and those with one say so in their spec's `max`.
 */
const MAX_LIST = 10_000;

/**
 * The deepest field name any action's shapes build is
 * `ContextEntries.member.N.ContextKeyValues.member.N` (5 dots, 55 characters), and every prefix
 * the decoder asks about is shorter. Indexing only prefixes of at most MAX_PREFIX_DOTS dots and
 * MAX_PREFIX_LENGTH characters answers every such question exactly as a full index would, while
 * each name costs at most a constant: a full index costs the square of a name's length, and 60
 * names of 8,000 dots (one unsigned 960 KB form) held the event loop for seconds.
 */
const MAX_PREFIX_DOTS = 6;
const MAX_PREFIX_LENGTH = 128;

/**
 * Every dotted prefix ("Tags.", "Tags.member.", …) of every field name that starts with one of
 * the action's list or structure members, within the bounds above, built at most once per
 * decode. Names the action cannot read cost one indexOf. Decoding is synchronous, so the last
 * form's index is the one asked for (a WeakMap entry per request cost more than the index).
 */
let indexed: { readonly fields: ReadonlyMap<string, string>; readonly prefixes: ReadonlySet<string> } | undefined;
let decoding: Params = {};

const NO_PREFIXES: ReadonlySet<string> = new Set();

function prefixesOf(fields: ReadonlyMap<string, string>): ReadonlySet<string> {
  if (indexed?.fields === fields) return indexed.prefixes;
  let built: Set<string> | undefined;
  for (const k of fields.keys()) {
    const first = k.indexOf('.');
    if (first < 0 || first >= MAX_PREFIX_LENGTH) continue;
    const top = k.slice(0, first);
    const spec = Object.prototype.hasOwnProperty.call(decoding, top) ? decoding[top] : undefined;
    if (spec === undefined || (spec.type !== 'list' && spec.type !== 'structure')) continue;
    let dots = 0;
    for (let i = first; i >= 0 && i < MAX_PREFIX_LENGTH && dots < MAX_PREFIX_DOTS; i = k.indexOf('.', i + 1), dots++) {
      (built ??= new Set()).add(k.slice(0, i + 1));
    }
  }
  indexed = { fields, prefixes: built ?? NO_PREFIXES };
  return indexed.prefixes;
}

export function decodeParams(fields: ReadonlyMap<string, string>, params: Params): Record<string, unknown> {
  const errors: string[] = [];
  decoding = params;
  const out = decodeStructure(fields, '', params, '', errors);
  indexed = undefined; // the form is not kept past its decode
  decoding = {};
  if (errors.length > 0) {
    const n = errors.length;
    throw ValidationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
  }
  return out;
}

function decodeStructure(
  fields: ReadonlyMap<string, string>,
  prefix: string,
  members: Params,
  path: string,
  errors: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(members)) {
    const spec = members[name]!;
    const field = prefix === '' ? name : prefix + name;
    // Absent optional members (most members of most calls) cost a lookup or two.
    if (spec.required !== true && !fields.has(field)) {
      if (spec.type === 'string' || spec.type === 'integer' || spec.type === 'boolean') continue;
      if (!hasPrefix(fields, `${field}.`)) continue;
    }
    const at = path ? `${path}.${memberName(name)}` : memberName(name);
    const v = decodeValue(fields, field, spec, at, errors);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Length in code points, as AWS counts it (a surrogate pair is one character). */
export function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * AWS quotes the offending value: strings and numbers as written, lists in brackets, missing as
 * null — except a sensitive member's, which it leaves out: "Value at 'password' failed to
 * satisfy constraint: …" (as AWS's Coral services answer, and smithy's server validation does
 * for @sensitive members: server-common generateValidationMessage). The quote stops at `limit`
 * characters (then "..."): a 1 MiB value echoed whole, and XML-escaped (1 MiB of quotes is 6 MiB
 * of &apos;), held the event loop ~150 ms, and filled the audit log a megabyte a request. Values
 * within a member's length (or 1,024 characters) are quoted whole, as AWS does.
 */
export const QUOTE_LIMIT = 1024;

/** A member whose values are never quoted: sensitive itself, or a list of sensitive items. */
export const isSensitive = (spec: Spec): boolean => spec.sensitive === true || (spec.type === 'list' && spec.member.sensitive === true);

function describe(v: unknown, sensitive: boolean, limit: number): string {
  if (v === undefined || v === null) return 'null ';
  if (sensitive) return '';
  const text = (x: unknown): string => (typeof x === 'string' ? x : JSON.stringify(x));
  const quoted = Array.isArray(v) ? `[${v.map(text).join(', ')}]` : text(v);
  return `'${quoted.length > limit ? `${quoted.slice(0, limit)}...` : quoted}' `;
}

function fail(errors: string[], value: unknown, at: string, constraint: string, spec?: Spec, limit = QUOTE_LIMIT): void {
  // A list quotes its items: hidden when they are sensitive.
  const sensitive = spec !== undefined && isSensitive(spec);
  errors.push(`Value ${describe(value, sensitive, limit)}at '${at}' failed to satisfy constraint: ${constraint}`);
}

function decodeValue(fields: ReadonlyMap<string, string>, name: string, spec: Spec, at: string, errors: string[]): unknown {
  switch (spec.type) {
    case 'string': {
      const v = fields.get(name);
      if (v === undefined) {
        if (spec.required) fail(errors, undefined, at, 'Member must not be null');
        return undefined;
      }
      const len = codePoints(v);
      const limit = Math.max(spec.max ?? 0, QUOTE_LIMIT);
      if (spec.min !== undefined && len < spec.min) fail(errors, v, at, `Member must have length greater than or equal to ${spec.min}`, spec, limit);
      if (spec.max !== undefined && len > spec.max) fail(errors, v, at, `Member must have length less than or equal to ${spec.max}`, spec, limit);
      // A value past its length and 1,024 characters is not also matched: some of AWS's patterns
      // backtrack quadratically (harmless within those bounds, not over 1 MiB).
      if (spec.pattern && (spec.max === undefined || len <= limit) && !spec.pattern.re.test(v)) fail(errors, v, at, `Member must satisfy regular expression pattern: ${spec.pattern.text}`, spec, limit);
      if (spec.enum && !spec.enum.includes(v)) fail(errors, v, at, `Member must satisfy enum value set: [${spec.enum.join(', ')}]`, spec, limit);
      return v;
    }
    case 'integer': {
      const raw = fields.get(name);
      if (raw === undefined) {
        if (spec.required) fail(errors, undefined, at, 'Member must not be null');
        return undefined;
      }
      if (!/^-?\d{1,15}$/.test(raw)) {
        fail(errors, raw, at, 'Member must be a number', spec);
        return undefined;
      }
      const n = Number(raw);
      if (spec.min !== undefined && n < spec.min) fail(errors, raw, at, `Member must have value greater than or equal to ${spec.min}`, spec);
      if (spec.max !== undefined && n > spec.max) fail(errors, raw, at, `Member must have value less than or equal to ${spec.max}`, spec);
      return n;
    }
    case 'boolean': {
      const raw = fields.get(name);
      if (raw === undefined) {
        if (spec.required) fail(errors, undefined, at, 'Member must not be null');
        return undefined;
      }
      if (raw !== 'true' && raw !== 'false') {
        fail(errors, raw, at, 'Member must be a boolean', spec);
        return undefined;
      }
      return raw === 'true';
    }
    case 'list': {
      const items: unknown[] = [];
      const present = fields.has(name) || hasPrefix(fields, `${name}.member.`);
      for (let i = 1; i <= MAX_LIST + 1; i++) {
        const key = `${name}.member.${i}`;
        if (spec.member.type === 'structure') {
          if (!hasPrefix(fields, `${key}.`)) break;
          items.push(decodeStructure(fields, `${key}.`, spec.member.members, `${at}.${i}.member`, errors));
        } else {
          if (!fields.has(key)) break;
          items.push(decodeValue(fields, key, spec.member, `${at}.${i}.member`, errors));
        }
      }
      if (!present) {
        if (spec.required) fail(errors, undefined, at, 'Member must not be null');
        return undefined;
      }
      if (items.length > MAX_LIST) {
        fail(errors, undefined, at, `Member must have length less than or equal to ${MAX_LIST}`, spec);
        return undefined;
      }
      if (spec.min !== undefined && items.length < spec.min) fail(errors, items, at, `Member must have length greater than or equal to ${spec.min}`, spec);
      if (spec.max !== undefined && items.length > spec.max) fail(errors, items, at, `Member must have length less than or equal to ${spec.max}`, spec);
      return items;
    }
    case 'structure': {
      if (!hasPrefix(fields, `${name}.`)) {
        if (spec.required) fail(errors, undefined, at, 'Member must not be null');
        return undefined;
      }
      return decodeStructure(fields, `${name}.`, spec.members, at, errors);
    }
  }
}

/** Whether some field name starts with `prefix` (which ends in a dot). */
function hasPrefix(fields: ReadonlyMap<string, string>, prefix: string): boolean {
  return prefixesOf(fields).has(prefix);
}
