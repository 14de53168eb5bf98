/**
 * UpdateUser's and UpdateGroup's Operations: each an AttributePath (an attribute, or an attribute
 * and its sub-attribute: `displayName`, `name.givenName`; matched ignoring case, as SCIM attribute
 * names are) and an AttributeValue, a JSON document that replaces the attribute — or, absent,
 * removes it. A value must have the attribute's shape (the User and Group shapes' members).
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_AttributeOperation.html
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_User.html
 */
import type { Spec } from '../../core/input.js';
import { type Attributes, invalid } from './model.js';

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The member of `members` named `name` ignoring case, as the shape spells it. */
function memberNamed(members: Readonly<Record<string, Spec>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(members).find((m) => m.toLowerCase() === lower);
}

const codePoints = (s: string): number => [...s].length;

/** `v` checked against `spec` (the service model's shape), with members spelled as the shape spells them. Never quotes the value. */
export function checked(v: unknown, spec: Spec, path: string): unknown {
  const bad = (why: string) => invalid(`Invalid value for ${path}: ${why}.`);
  switch (spec.type) {
    case 'string': {
      if (typeof v !== 'string') throw bad('expected a string');
      // A value past twice its length in code units is too long whatever its code points (never spread a megabyte).
      const n = spec.max !== undefined && v.length > spec.max * 2 ? v.length : codePoints(v);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) throw bad(`length must be between ${spec.min ?? 0} and ${spec.max ?? n}`);
      if (spec.pattern !== undefined && !spec.pattern.re.test(v)) throw bad(`must satisfy regular expression pattern: ${spec.pattern.text}`);
      if (spec.enum !== undefined && !spec.enum.includes(v)) throw bad(`must be one of ${spec.enum.join(', ')}`);
      return v;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('expected a boolean');
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad('expected an integer');
      return v;
    case 'list': {
      if (!Array.isArray(v)) throw bad('expected a list');
      if ((spec.min !== undefined && v.length < spec.min) || (spec.max !== undefined && v.length > spec.max)) throw bad(`must hold between ${spec.min ?? 0} and ${spec.max ?? v.length} items`);
      return v.map((item: unknown, i) => checked(item, spec.member, `${path}[${i}]`));
    }
    case 'structure': {
      if (!isObject(v)) throw bad('expected an object');
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const m = memberNamed(spec.members, k);
        if (m === undefined) throw bad(`unknown member ${JSON.stringify(k.slice(0, 64))}`);
        if (child === null) continue;
        if (Object.hasOwn(out, m)) throw bad(`member ${m} given twice`);
        out[m] = checked(child, spec.members[m]!, `${path}.${m}`);
      }
      for (const [m, s] of Object.entries(spec.members)) if (s.required === true && !Object.hasOwn(out, m)) throw bad(`member ${m} is required`);
      return out;
    }
    case 'map':
    case 'document':
      throw bad('unsupported attribute');
  }
}

export interface Operation {
  readonly AttributePath: string;
  readonly AttributeValue?: unknown;
}

/**
 * `attributes` with `operations` applied in order. `members` are the entity's attributes (User's or
 * Group's); `required` those that may not be removed.
 */
export function applyOperations(attributes: Attributes, operations: readonly Operation[], members: Readonly<Record<string, Spec>>, required: readonly string[]): Attributes {
  const out: Record<string, unknown> = { ...attributes };
  for (const op of operations) {
    const [first, sub, ...rest] = op.AttributePath.split('.');
    const m = memberNamed(members, first!);
    if (m === undefined || rest.length > 0) throw invalid(`Invalid attribute path: ${op.AttributePath}`);
    const spec = members[m]!;
    const value = op.AttributeValue ?? null;
    if (sub === undefined) {
      if (value === null) {
        if (required.includes(m)) throw invalid(`${m} cannot be removed.`);
        delete out[m];
      } else {
        const v = checked(value, spec, m);
        // An object left with no member (`name: {}`) is the attribute removed.
        if (isObject(v) && Object.keys(v).length === 0) delete out[m];
        else out[m] = v;
      }
      continue;
    }
    const s = spec.type === 'structure' ? memberNamed(spec.members, sub) : undefined;
    if (spec.type !== 'structure' || s === undefined) throw invalid(`Invalid attribute path: ${op.AttributePath}`);
    const parent: Record<string, unknown> = isObject(out[m]) ? { ...out[m] } : {};
    if (value === null) delete parent[s];
    else parent[s] = checked(value, spec.members[s]!, `${m}.${s}`);
    if (Object.keys(parent).length === 0) delete out[m];
    else out[m] = parent;
  }
  return out;
}
