/**
 * Condition operators, compiled once per statement into closures.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * Semantics implemented:
 * - AND across operators and keys, OR across the values of one key; a negated operator
 *   (StringNotEquals, NotIpAddress, ...) is NOR across its values.
 * - AWS: "If the key that you specify in a policy condition is not present in the request
 *   context, the values do not match and the condition is false. If the policy condition requires
 *   that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
 *   present, the condition is true." `...IfExists` makes a missing key true.
 * - ForAnyValue: at least one request value matches (missing/empty key: false).
 *   ForAllValues: every request value matches (missing/empty key: true).
 * - Unknown operators fail closed: the condition is false (an Allow grants nothing).
 */
import { type ArnPattern, compileArnPattern, matchArn, splitArn } from './arn.js';
import { type Cidr, cidrContains, parseCidr, parseIp } from './ip.js';
import { type Lookup, type Template, parseTemplate, resolveTemplate, templateTokens, tokensToString } from './variables.js';
import { type Glob, compileGlob, matchGlob } from './wildcard.js';

export type CondFn = (lookup: Lookup) => boolean;

type ValueType = 'string' | 'stringIC' | 'like' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn';
type Cmp = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';
interface BaseOp {
  readonly type: ValueType;
  readonly negated: boolean;
  readonly cmp: Cmp;
}

const BASE_OPS: ReadonlyMap<string, BaseOp> = new Map<string, BaseOp>([
  ['StringEquals', { type: 'string', negated: false, cmp: 'eq' }],
  ['StringNotEquals', { type: 'string', negated: true, cmp: 'eq' }],
  ['StringEqualsIgnoreCase', { type: 'stringIC', negated: false, cmp: 'eq' }],
  ['StringNotEqualsIgnoreCase', { type: 'stringIC', negated: true, cmp: 'eq' }],
  ['StringLike', { type: 'like', negated: false, cmp: 'eq' }],
  ['StringNotLike', { type: 'like', negated: true, cmp: 'eq' }],
  ['NumericEquals', { type: 'numeric', negated: false, cmp: 'eq' }],
  ['NumericNotEquals', { type: 'numeric', negated: true, cmp: 'eq' }],
  ['NumericLessThan', { type: 'numeric', negated: false, cmp: 'lt' }],
  ['NumericLessThanEquals', { type: 'numeric', negated: false, cmp: 'lte' }],
  ['NumericGreaterThan', { type: 'numeric', negated: false, cmp: 'gt' }],
  ['NumericGreaterThanEquals', { type: 'numeric', negated: false, cmp: 'gte' }],
  ['DateEquals', { type: 'date', negated: false, cmp: 'eq' }],
  ['DateNotEquals', { type: 'date', negated: true, cmp: 'eq' }],
  ['DateLessThan', { type: 'date', negated: false, cmp: 'lt' }],
  ['DateLessThanEquals', { type: 'date', negated: false, cmp: 'lte' }],
  ['DateGreaterThan', { type: 'date', negated: false, cmp: 'gt' }],
  ['DateGreaterThanEquals', { type: 'date', negated: false, cmp: 'gte' }],
  ['Bool', { type: 'bool', negated: false, cmp: 'eq' }],
  ['BinaryEquals', { type: 'binary', negated: false, cmp: 'eq' }],
  ['IpAddress', { type: 'ip', negated: false, cmp: 'eq' }],
  ['NotIpAddress', { type: 'ip', negated: true, cmp: 'eq' }],
  ['ArnEquals', { type: 'arn', negated: false, cmp: 'eq' }],
  ['ArnLike', { type: 'arn', negated: false, cmp: 'eq' }],
  ['ArnNotEquals', { type: 'arn', negated: true, cmp: 'eq' }],
  ['ArnNotLike', { type: 'arn', negated: true, cmp: 'eq' }],
]);

export interface ParsedOperator {
  readonly set: 'none' | 'any' | 'all';
  readonly ifExists: boolean;
  readonly isNull: boolean;
  readonly base: BaseOp | undefined;
}

/**
 * AWS substitutes policy variables only for the String, ARN and Boolean operators: "You can not use
 * a policy variable with the Numeric / Date / Binary / IpAddress / Null condition operator" — there
 * `${...}` is plain text (and, not being a number, date, base-64 value or CIDR, matches nothing).
 * reference_policies_elements_condition_operators.html (each operator family's section)
 */
const VARIABLE_TYPES: ReadonlySet<ValueType> = new Set<ValueType>(['string', 'stringIC', 'like', 'arn', 'bool']);

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(op: string): ParsedOperator | undefined {
  let set: ParsedOperator['set'] = 'none';
  let name = op;
  if (name.startsWith('ForAnyValue:')) {
    set = 'any';
    name = name.slice('ForAnyValue:'.length);
  } else if (name.startsWith('ForAllValues:')) {
    set = 'all';
    name = name.slice('ForAllValues:'.length);
  }
  if (name === 'Null') return set === 'none' ? { set, ifExists: false, isNull: true, base: undefined } : undefined;
  let ifExists = false;
  if (name.endsWith('IfExists')) {
    ifExists = true;
    name = name.slice(0, -'IfExists'.length);
  }
  const base = BASE_OPS.get(name);
  return base ? { set, ifExists, isNull: false, base } : undefined;
}

/** A predicate over one request value, for one policy value. */
type ValueTest = (v: string) => boolean;

export function compileCondition(op: string, keyLower: string, values: readonly string[], variables: boolean): CondFn {
  const parsed = parseOperator(op);
  if (!parsed) return () => false;
  if (parsed.isNull) {
    const wantAbsent = values.map((v) => v.toLowerCase());
    return (lookup) => {
      const absent = isAbsent(lookup(keyLower));
      return wantAbsent.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false));
    };
  }
  const base = parsed.base!;
  const templates = values.map((v) => parseTemplate(v, variables && VARIABLE_TYPES.has(base.type)));
  const anyVars = templates.some((t) => t.vars);
  const staticTest = anyVars ? undefined : buildTest(base, templates.map((t) => tokensToString(templateTokens(t))), templates);
  const testFor = (lookup: Lookup): ValueTest => staticTest ?? buildDynamicTest(base, templates, lookup);
  const { set, ifExists } = parsed;
  const negated = base.negated;
  return (lookup) => {
    const raw = lookup(keyLower);
    if (isAbsent(raw)) {
      if (ifExists) return true;
      if (set === 'all') return true;
      if (set === 'any') return false;
      return negated;
    }
    const test = testFor(lookup);
    if (Array.isArray(raw)) {
      if (set === 'all') {
        for (const v of raw as unknown[]) if (test(asString(v)) === negated) return false;
        return true;
      }
      if (set === 'any') {
        for (const v of raw as unknown[]) if (test(asString(v)) !== negated) return true;
        return false;
      }
      let any = false;
      for (const v of raw as unknown[]) if (test(asString(v))) { any = true; break; }
      return any !== negated;
    }
    return test(asString(raw)) !== negated;
  };
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function asString(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

function buildDynamicTest(base: BaseOp, templates: readonly Template[], lookup: Lookup): ValueTest {
  const resolved: string[] = [];
  const kept: Template[] = [];
  for (const t of templates) {
    const tokens = resolveTemplate(t, lookup);
    if (tokens === undefined) continue; // an unresolved variable: this value matches nothing
    resolved.push(tokensToString(tokens));
    kept.push(t.vars ? { parts: tokens, vars: false } : t);
  }
  return buildTest(base, resolved, kept);
}

/** `texts[i]` is the plain text of `templates[i]`; templates keep escaped wildcards literal. */
function buildTest(base: BaseOp, texts: readonly string[], templates: readonly Template[]): ValueTest {
  switch (base.type) {
    case 'string': {
      if (texts.length === 1) {
        const only = texts[0]!;
        return (v) => v === only;
      }
      const set = new Set(texts);
      return (v) => set.has(v);
    }
    case 'stringIC': {
      const set = new Set(texts.map((t) => t.toLowerCase()));
      return (v) => set.has(v.toLowerCase());
    }
    case 'like': {
      const globs: Glob[] = templates.map((t) => compileGlob(templateTokens(t)));
      return (v) => globs.some((g) => matchGlob(g, v));
    }
    case 'numeric': {
      const nums = texts.map(parseNumber).filter((n): n is number => n !== undefined);
      const cmp = base.cmp;
      return (v) => {
        const x = parseNumber(v);
        return x !== undefined && nums.some((n) => compare(x, n, cmp));
      };
    }
    case 'date': {
      const dates = texts.map(parseDate).filter((n): n is number => n !== undefined);
      const cmp = base.cmp;
      return (v) => {
        const x = parseDate(v);
        return x !== undefined && dates.some((d) => compare(x, d, cmp));
      };
    }
    case 'bool': {
      // AWS: Boolean conditions compare a key to "true" or "false"; any other text on either side
      // is not a Boolean and matches nothing (a context value "yes" never equals a policy "yes").
      const set = new Set(texts.map((t) => t.toLowerCase()).filter(isBoolText));
      return (v) => {
        const x = v.toLowerCase();
        return isBoolText(x) && set.has(x);
      };
    }
    case 'binary': {
      const set = new Set(texts.map(canonicalBase64));
      return (v) => set.has(canonicalBase64(v));
    }
    case 'ip': {
      const cidrs = texts.map(parseCidr).filter((c): c is Cidr => c !== undefined);
      return (v) => {
        const ip = parseIp(v.includes('/') ? v.slice(0, v.indexOf('/')) : v);
        return ip !== undefined && cidrs.some((c) => cidrContains(c, ip));
      };
    }
    case 'arn': {
      const pats: ArnPattern[] = templates.map((t) => compileArnPattern(templateTokens(t)));
      return (v) => {
        const parts = splitArn(v);
        // ARN operators compare ARNs: a value that is not an ARN matches nothing.
        return parts !== undefined && pats.some((p) => matchArn(p, v, parts));
      };
    }
  }
}

function compare(x: number, y: number, cmp: Cmp): boolean {
  switch (cmp) {
    case 'eq':
      return x === y;
    case 'lt':
      return x < y;
    case 'lte':
      return x <= y;
    case 'gt':
      return x > y;
    case 'gte':
      return x >= y;
  }
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMBER_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const EPOCH_RE = /^\d{1,12}(\.\d+)?$/;
/**
 * ISO 8601 as IAM reads it (the W3C profile, https://www.w3.org/TR/NOTE-datetime, plus what IAM's
 * parser also takes: an hour alone, one-digit fields, lower-case t/z): YYYY-MM[-DD[Thh[:mm[:ss[.s]]]]]
 * with an optional zone Z or ±hh[:mm]. A time written without a zone is UTC, as every AWS time
 * is — never the host's zone.
 */
const ISO_RE = /^(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[Tt](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,30}))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?$/;

const isBoolText = (t: string): boolean => t === 'true' || t === 'false';

/**
 * Date operators: "You must specify date/time values with one of the W3C implementations of the ISO
 * 8601 date formats or in epoch (UNIX) time" (reference_policies_elements_condition_operators.html
 * #Conditions_Date). All digits is epoch seconds. Out-of-range fields (2020-02-30, 25:00) are not
 * dates. Returns milliseconds since the epoch.
 */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (EPOCH_RE.test(t)) return Number(t) * 1000;
  const m = ISO_RE.exec(t);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear keeps the year as written.
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year);
  return d.getTime() - offsetMinutes * 60_000;
}

function canonicalBase64(s: string): string {
  return Buffer.from(s, 'base64').toString('base64');
}
