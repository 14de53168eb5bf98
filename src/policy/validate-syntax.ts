/**
 * Phase 1 of IAM's check order: the grammar. Every failure here is AWS's "Syntax errors in policy."
 * (moto's IAM policy tests, recorded against CreatePolicy, list the cases: unknown top-level or
 * statement keys, a Version other than 2008-10-17/2012-10-17, a non-string Id or Sid, a missing or
 * empty Statement, Action with NotAction, Resource with NotResource, a missing or unknown Effect,
 * non-string list members, malformed Condition blocks).
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { MalformedPolicyDocumentError } from './errors.js';
import { JsonNumber, JsonObject } from './json.js';
import type { JsonValue } from './json.js';
import type { PrincipalJson } from './types.js';
import { SYNTAX_ERRORS_MESSAGE } from './validate-messages.js';

/** A list-valued element as written: `single` when it was a bare string. JSON null members are kept (AWS tolerates them). */
export interface RawList {
  readonly values: readonly (string | null)[];
  readonly single: boolean;
}

export type CanonicalCondition = Record<string, Record<string, string[]>>;

export interface RawStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly action?: RawList;
  readonly notAction?: RawList;
  readonly resource?: RawList;
  readonly notResource?: RawList;
  readonly principal?: PrincipalJson;
  readonly notPrincipal?: PrincipalJson;
  readonly condition?: CanonicalCondition;
}

export interface RawPolicy {
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly RawStatement[];
  /** A key appeared twice in some object (Organizations rejects this; IAM keeps the last, as JSON.parse). */
  readonly duplicateKeys: boolean;
}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
export const VERSIONS: ReadonlySet<string> = new Set(['2008-10-17', '2012-10-17']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** Condition operators IAM knows (reference_policies_elements_condition_operators.html). */
const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

function fail(): never {
  throw new MalformedPolicyDocumentError(SYNTAX_ERRORS_MESSAGE);
}

/** Strip one set operator prefix and one IfExists suffix, as IAM reads operator names. */
export function baseOperator(name: string): string {
  let n = name;
  if (n.startsWith('ForAnyValue:')) n = n.slice('ForAnyValue:'.length);
  else if (n.startsWith('ForAllValues:')) n = n.slice('ForAllValues:'.length);
  if (n.endsWith('IfExists')) n = n.slice(0, -'IfExists'.length);
  return n;
}

export function isKnownOperator(name: string): boolean {
  return CONDITION_OPERATORS.has(baseOperator(name));
}

function optionalString(obj: JsonObject, key: string): string | undefined {
  const v = obj.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') fail();
  return v;
}

function rawList(v: JsonValue | undefined): RawList | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return { values: [v], single: true };
  if (!Array.isArray(v)) fail();
  const values: (string | null)[] = [];
  for (const item of v) {
    if (item !== null && typeof item !== 'string') fail();
    values.push(item);
  }
  return { values, single: false };
}

function scalarText(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof JsonNumber) return v.text;
  return fail();
}

function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // defineProperty, not assignment: a key named "__proto__" must become an own property.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function condition(v: JsonValue | undefined): CanonicalCondition | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof JsonObject)) fail();
  const out = Object.create(null) as CanonicalCondition;
  for (const [operator, block] of v.entries) {
    if (!(block instanceof JsonObject)) fail();
    if (!isKnownOperator(operator)) {
      // AWS accepts an unknown operator only with an empty block; it constrains nothing, so drop it.
      if (block.entries.size !== 0) fail();
      continue;
    }
    const keys = Object.create(null) as Record<string, string[]>;
    for (const [key, value] of block.entries) {
      const values = Array.isArray(value) ? value.map(scalarText) : [scalarText(value)];
      defineOwn(keys, key, values);
    }
    defineOwn(out, operator, keys);
  }
  return out;
}

function principal(v: JsonValue | undefined): PrincipalJson | undefined {
  if (v === undefined) return undefined;
  if (v === '*') return '*';
  if (!(v instanceof JsonObject)) fail();
  const out: { AWS?: string[]; Service?: string[]; Federated?: string[]; CanonicalUser?: string[] } = {};
  for (const [type, value] of v.entries) {
    if (!PRINCIPAL_TYPES.has(type)) fail();
    let values: string[];
    if (typeof value === 'string') values = [value];
    else if (Array.isArray(value)) values = value.map((x) => (typeof x === 'string' ? x : fail()));
    else return fail();
    out[type as 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'] = values;
  }
  return out;
}

function statement(v: JsonValue): RawStatement {
  if (!(v instanceof JsonObject)) fail();
  for (const key of v.entries.keys()) if (!STATEMENT_KEYS.has(key)) fail();
  if (v.has('Action') && v.has('NotAction')) fail();
  if (v.has('Resource') && v.has('NotResource')) fail();
  if (v.has('Principal') && v.has('NotPrincipal')) fail();
  const effect = v.get('Effect');
  // Case-insensitive here; the exact spelling is checked later, in "legacy parsing".
  if (typeof effect !== 'string') fail();
  const lower = effect.toLowerCase();
  if (lower !== 'allow' && lower !== 'deny') fail();
  const out: {
    -readonly [K in keyof RawStatement]: RawStatement[K];
  } = { effect };
  const sid = optionalString(v, 'Sid');
  if (sid !== undefined) out.sid = sid;
  const fields = [
    ['Action', 'action'],
    ['NotAction', 'notAction'],
    ['Resource', 'resource'],
    ['NotResource', 'notResource'],
  ] as const;
  for (const [json, prop] of fields) {
    const list = rawList(v.get(json));
    if (list !== undefined) out[prop] = list;
  }
  const p = principal(v.get('Principal'));
  if (p !== undefined) out.principal = p;
  const np = principal(v.get('NotPrincipal'));
  if (np !== undefined) out.notPrincipal = np;
  const c = condition(v.get('Condition'));
  if (c !== undefined) out.condition = c;
  return out;
}

function anyDuplicateKeys(v: JsonValue, depth: number): boolean {
  if (depth > 16) return false; // the grammar accepted nothing deeper than 6 levels
  if (Array.isArray(v)) return v.some((x) => anyDuplicateKeys(x, depth + 1));
  if (v instanceof JsonObject) {
    if (v.duplicateKeys) return true;
    for (const x of v.entries.values()) if (anyDuplicateKeys(x, depth + 1)) return true;
  }
  return false;
}

/** Check the grammar and return the statements in a normalised raw form (lists, canonical conditions). */
export function checkSyntax(root: JsonValue): RawPolicy {
  if (!(root instanceof JsonObject)) fail();
  for (const key of root.entries.keys()) if (!TOP_KEYS.has(key)) fail();
  const version = optionalString(root, 'Version');
  if (version !== undefined && !VERSIONS.has(version)) fail();
  const id = optionalString(root, 'Id');
  const st = root.get('Statement');
  let items: readonly JsonValue[];
  if (st instanceof JsonObject) items = [st];
  else if (Array.isArray(st) && st.length > 0) items = st;
  else return fail();
  const statements = items.map(statement);
  const out: { -readonly [K in keyof RawPolicy]: RawPolicy[K] } = { statements, duplicateKeys: anyDuplicateKeys(root, 0) };
  if (version !== undefined) out.version = version;
  if (id !== undefined) out.id = id;
  return out;
}
