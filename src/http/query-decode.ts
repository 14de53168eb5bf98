/**
 * Query-protocol input: flat form fields (`Tags.member.1.Key=…`) decoded into an action's input by
 * its parameter spec; every constraint failure collected by the one validator (validate.ts).
 */
import { ValidationError } from '../core/errors.js';
import type { Params, Spec } from '../core/input.js';
import { Failures, pathOf } from './validate.js';

/**
 * No list is cut short: members are read up to the first missing index. The form's own cap
 * (10,000 fields, http/form.ts) bounds every list; AWS documents no count for most of them
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
  const failures = new Failures();
  decoding = params;
  const out = decodeStructure(fields, '', params, '', failures);
  indexed = undefined; // the form is not kept past its decode
  decoding = {};
  const message = failures.message();
  if (message !== undefined) throw ValidationError(message);
  return out;
}

function decodeStructure(fields: ReadonlyMap<string, string>, prefix: string, members: Params, path: string, failures: Failures): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(members)) {
    const spec = members[name]!;
    const field = prefix === '' ? name : prefix + name;
    // Absent optional members (most members of most calls) cost a lookup or two.
    if (spec.required !== true && !fields.has(field)) {
      if (spec.type === 'string' || spec.type === 'integer' || spec.type === 'boolean') continue;
      if (!hasPrefix(fields, `${field}.`)) continue;
    }
    const v = decodeValue(fields, field, spec, pathOf(path, name), failures);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function decodeValue(fields: ReadonlyMap<string, string>, name: string, spec: Spec, at: string, failures: Failures): unknown {
  switch (spec.type) {
    case 'string': {
      const v = fields.get(name);
      if (v === undefined) {
        if (spec.required) failures.missing(at);
        return undefined;
      }
      failures.string(v, spec, at);
      return v;
    }
    case 'integer': {
      const raw = fields.get(name);
      if (raw === undefined) {
        if (spec.required) failures.missing(at);
        return undefined;
      }
      if (!/^-?\d{1,15}$/.test(raw)) {
        failures.fail('INVALID_TYPE', raw, at, 'Member must be a number', spec);
        return undefined;
      }
      const n = Number(raw);
      failures.integer(n, raw, spec, at);
      return n;
    }
    case 'boolean': {
      const raw = fields.get(name);
      if (raw === undefined) {
        if (spec.required) failures.missing(at);
        return undefined;
      }
      if (raw !== 'true' && raw !== 'false') {
        failures.fail('INVALID_TYPE', raw, at, 'Member must be a boolean', spec);
        return undefined;
      }
      return raw === 'true';
    }
    case 'list': {
      const items: unknown[] = [];
      const present = fields.has(name) || hasPrefix(fields, `${name}.member.`);
      const itemFailures = spec.memberFailures === 'list' ? new Failures() : failures;
      for (let i = 1; i <= MAX_LIST + 1; i++) {
        const key = `${name}.member.${i}`;
        if (spec.member.type === 'structure') {
          if (!hasPrefix(fields, `${key}.`)) break;
          items.push(decodeStructure(fields, `${key}.`, spec.member.members, `${at}.${i}.member`, itemFailures));
        } else {
          if (!fields.has(key)) break;
          items.push(decodeValue(fields, key, spec.member, `${at}.${i}.member`, itemFailures));
        }
      }
      if (!present) {
        if (spec.required) failures.missing(at);
        return undefined;
      }
      if (items.length > MAX_LIST) {
        failures.fail('MAX_LENGTH_EXCEEDED', undefined, at, `Member must have length less than or equal to ${MAX_LIST}`, spec);
        return undefined;
      }
      failures.count(items, spec, at);
      if (itemFailures !== failures) failures.listMembers(itemFailures, items, spec, at);
      return items;
    }
    case 'structure': {
      if (!hasPrefix(fields, `${name}.`)) {
        if (spec.required) failures.missing(at);
        return undefined;
      }
      return decodeStructure(fields, `${name}.`, spec.members, at, failures);
    }
    case 'map':
    case 'document':
      // No Query-protocol action here takes a map or a document (JSON protocols only).
      throw new TypeError(`${spec.type} member ${at} in a Query-protocol action`);
  }
}

/** Whether some field name starts with `prefix` (which ends in a dot). */
function hasPrefix(fields: ReadonlyMap<string, string>, prefix: string): boolean {
  return prefixesOf(fields).has(prefix);
}
