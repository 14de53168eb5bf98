/**
 * AWS JSON input: the body parsed (after a linear check of its shape) and decoded against an
 * action's spec. A value of the wrong JSON type is a SerializationException; constraint failures
 * are collected by the one validator (validate.ts) and reported as the service's validation error,
 * with the first failure's reason.
 */
import type { DecodedInput } from '../core/action.js';
import { AwsError, type ErrorCode, Serialization } from '../core/errors.js';
import type { Params, Spec } from '../core/input.js';
import { Failures, pathOf } from './validate.js';

export type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const own = (o: JsonObject, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

const MAX_LIST = 1000;

/**
 * JSON.parse is linear, but what it builds is not free: 1 MiB of `[[[…]]]` took 120–200 ms and of
 * `[{},{},…]` up to 85 ms on the bench machine. No request of the JSON services nests more than a
 * few levels or carries more than a few thousand values, so a single linear scan refuses deeper
 * or busier bodies before they are built (SerializationException, as for any body the service
 * cannot read).
 */
const MAX_JSON_DEPTH = 32;
const MAX_JSON_VALUES = 10_000;

function checkJsonShape(text: string): void {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Serialization(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      if (++values > MAX_JSON_VALUES) throw Serialization(`The request body holds more than ${MAX_JSON_VALUES} values.`);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c || c === 0x3a) {
      if (++values > MAX_JSON_VALUES) throw Serialization(`The request body holds more than ${MAX_JSON_VALUES} values.`);
    }
  }
}

/** The body as a JSON object (an empty body is `{}`). */
export function parseBody(body: Buffer): JsonObject {
  const text = body.toString('utf8').trim();
  let parsed: unknown = {};
  if (text !== '') {
    checkJsonShape(text);
    try {
      parsed = JSON.parse(text);
    } catch {
      throw Serialization('The request body is not valid JSON.');
    }
  }
  if (!isObject(parsed)) throw Serialization('The request body must be a JSON object.');
  return parsed;
}

/** The service's validation error: its code, and the member that carries the first failure's reason. */
export interface Validation {
  readonly code: ErrorCode;
  readonly reasonMember?: string;
}

export function decodeJson(o: JsonObject, params: Params, validation: Validation): DecodedInput {
  const failures = new Failures();
  const out = decodeStructure(o, params, '', failures);
  const message = failures.message();
  if (message !== undefined) {
    const first = failures.list[0]!;
    throw new AwsError(validation.code, message, validation.reasonMember === undefined ? {} : { [validation.reasonMember]: first.reason });
  }
  return out;
}

function decodeStructure(o: JsonObject, members: Params, path: string, failures: Failures): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(members)) {
    const v = decodeValue(own(o, name), spec, pathOf(path, name), failures);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const wrongType = (at: string, expected: string): AwsError => Serialization(`Expected ${expected} at '${at}'.`);

function decodeValue(v: unknown, spec: Spec, at: string, failures: Failures): unknown {
  // AWS JSON: an explicit null is the same as an absent member.
  if (v === undefined || v === null) {
    if (spec.required) failures.missing(at);
    return undefined;
  }
  switch (spec.type) {
    case 'string': {
      if (typeof v !== 'string') throw wrongType(at, 'a string');
      failures.string(v, spec, at);
      return v;
    }
    case 'integer': {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw wrongType(at, 'an integer');
      failures.integer(v, v, spec, at);
      return v;
    }
    case 'boolean': {
      if (typeof v !== 'boolean') throw wrongType(at, 'a boolean');
      return v;
    }
    case 'list': {
      if (!Array.isArray(v)) throw wrongType(at, 'a list');
      if (v.length > MAX_LIST) throw Serialization(`Too many items at '${at}': at most ${MAX_LIST}.`);
      const itemFailures = spec.memberFailures === 'list' ? new Failures() : failures;
      const items = v.map((item: unknown, i) => {
        const itemAt = `${at}.${i + 1}.member`;
        // Lists are dense (no model here marks one @sparse): a null item would reach the handler as
        // an undefined its input type does not allow (CreateAccount's Tags: [null] was a 500).
        if (item === null || item === undefined) throw Serialization(`Null is not allowed at '${itemAt}'.`);
        return decodeValue(item, spec.member, itemAt, itemFailures);
      });
      failures.count(items, spec, at);
      if (itemFailures !== failures) failures.listMembers(itemFailures, items, spec, at);
      return items;
    }
    case 'structure': {
      if (!isObject(v)) throw wrongType(at, 'a structure');
      return decodeStructure(v, spec.members, at, failures);
    }
    case 'map': {
      if (!isObject(v)) throw wrongType(at, 'a map');
      const keys = Object.keys(v);
      if (keys.length > MAX_LIST) throw Serialization(`Too many entries at '${at}': at most ${MAX_LIST}.`);
      // No prototype: a key such as "__proto__" is an entry like any other.
      const out = Object.create(null) as Record<string, unknown>;
      for (const k of keys) {
        const item = v[k];
        if (item === null || item === undefined) throw Serialization(`Null is not allowed at '${at}.${k}'.`);
        failures.string(k, spec.key, `${at}.key`);
        out[k] = decodeValue(item, spec.value, `${at}.${k}`, failures);
      }
      failures.count(keys, spec, at);
      return out;
    }
    case 'document':
      // Already parsed within the body's depth and size limits (checkJsonShape); its meaning is the handler's.
      return v;
  }
}
