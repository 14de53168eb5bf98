/**
 * The AWS JSON 1.1 protocol (Organizations): `POST /` with `X-Amz-Target: <prefix>.<Operation>`
 * and `Content-Type: application/x-amz-json-1.1`, a JSON body in and out, timestamps as epoch
 * seconds, errors as `{"__type": "<Code>", "Message": "..."}` with HTTP 400 (500 for faults).
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 *
 * The SDKs read the code from `__type` (anything after `#` or before `:` is dropped) and the
 * message from `message` or `Message`; Organizations' error shapes model `Message`.
 */
import { AwsError } from './errors.js';
import { type Params, type Spec, QUOTE_LIMIT, codePoints, isSensitive } from './params.js';
import type { XmlValue } from './xml.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';


/** An error with extra members on the wire (Organizations' InvalidInputException has `Reason`). */
export class JsonAwsError extends AwsError {
  readonly members: Readonly<Record<string, string>>;
  constructor(code: string, message: string, members: Readonly<Record<string, string>> = {}, status = 400) {
    super(code, message, status, status < 500);
    this.members = members;
  }
}

export const UnknownOperation = (message: string): AwsError => new AwsError('UnknownOperationException', message, 400);
export const Serialization = (message: string): AwsError => new AwsError('SerializationException', message, 400);

/** Each JSON service's target prefix (`targetPrefix` in its botocore model) and error renames. */
interface JsonService {
  readonly targetPrefix: string;
  /** Our generic codes as this service names them on the wire (code, HTTP status). */
  readonly errors: Readonly<Record<string, readonly [string, number]>>;
  /** The error a constraint failure becomes, and the member that carries its reason. */
  readonly validation: { readonly code: string; readonly reasonMember?: string };
}

/**
 * JSON services answer authentication failures with the *Exception names the SDKs' common error
 * set knows (UnrecognizedClientException, InvalidSignatureException, …); Organizations names its
 * fault ServiceException and its denial AccessDeniedException (botocore data/organizations).
 */
const COMMON_ERRORS: Readonly<Record<string, readonly [string, number]>> = {
  AccessDenied: ['AccessDeniedException', 400],
  InvalidClientTokenId: ['UnrecognizedClientException', 403],
  SignatureDoesNotMatch: ['InvalidSignatureException', 403],
  IncompleteSignature: ['IncompleteSignatureException', 403],
  ExpiredToken: ['ExpiredTokenException', 403],
  MissingAuthenticationToken: ['MissingAuthenticationTokenException', 403],
};

const SERVICES: Readonly<Record<string, JsonService>> = {
  // Organizations models no ValidationException: bad input is InvalidInputException with a Reason
  // (INPUT_REQUIRED, MAX_LENGTH_EXCEEDED, INVALID_PATTERN, INVALID_ENUM, MAX_VALUE_EXCEEDED, …).
  organizations: {
    targetPrefix: 'AWSOrganizationsV20161128',
    errors: { ...COMMON_ERRORS, ServiceFailure: ['ServiceException', 500], ServiceUnavailable: ['ServiceException', 503], ConcurrentModification: ['ConcurrentModificationException', 400] },
    validation: { code: 'InvalidInputException', reasonMember: 'Reason' },
  },
};

/** Whether `service` speaks AWS JSON 1.1 only (a Query-style Action=… request is no operation of it). */
export function isJsonService(service: string): boolean {
  return Object.prototype.hasOwnProperty.call(SERVICES, service);
}

/** A request speaks JSON when it names its operation in X-Amz-Target (Query requests never do). */
export function jsonTarget(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const t = headers['x-amz-target'];
  return typeof t === 'string' ? t : undefined;
}

/** `AWSOrganizationsV20161128.CreateAccount` → `CreateAccount`, for the service the scope named. */
export function jsonOperation(service: string, target: string): string {
  const s = SERVICES[service];
  const dot = target.lastIndexOf('.');
  if (s === undefined || dot < 0 || target.slice(0, dot) !== s.targetPrefix) {
    throw UnknownOperation(`The operation ${target} is not known to this service.`);
  }
  return target.slice(dot + 1);
}

/** The operation name alone (for the audit log before the service is known). */
export function operationName(target: string): string {
  return target.slice(target.lastIndexOf('.') + 1);
}

// ---------------------------------------------------------------------------------------------
// Input

interface Failure {
  readonly reason: string;
  readonly text: string;
}

type Raw = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Raw, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** AWS's member names in messages are lowerCamelCase: AccountName → accountName. */
const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

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

export function checkJsonShape(text: string): void {
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

/**
 * Decodes and validates a JSON body against an action's parameter shapes. A value of the wrong
 * JSON type is a SerializationException; constraint failures are collected with AWS's wording
 * ("1 validation error detected: Value 'x' at 'email' failed to satisfy constraint: …") and
 * reported as the service's validation error, with the first failure's reason.
 */
export function decodeJson(service: string, body: Buffer, params: Params): Record<string, unknown> {
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
  const failures: Failure[] = [];
  const out = decodeStructure(parsed, params, '', failures);
  const first = failures[0];
  if (first !== undefined) {
    const n = failures.length;
    const message = `${n} validation error${n === 1 ? '' : 's'} detected: ${failures.map((f) => f.text).join('; ')}`;
    const v = SERVICES[service]?.validation ?? { code: 'ValidationException' };
    throw new JsonAwsError(v.code, message, v.reasonMember === undefined ? {} : { [v.reasonMember]: first.reason });
  }
  return out;
}

function decodeStructure(o: Raw, members: Params, path: string, failures: Failure[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(members)) {
    const at = path ? `${path}.${memberName(name)}` : memberName(name);
    const v = decodeValue(own(o, name), spec, at, failures);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function describe(v: unknown, spec: Spec): string {
  if (v === undefined || v === null) return ' null';
  if (isSensitive(spec)) return '';
  const text = (x: unknown): string => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x));
  const quoted = Array.isArray(v) ? `[${v.map(text).join(', ')}]` : text(v);
  const limit = spec.type === 'string' ? Math.max(spec.max ?? 0, QUOTE_LIMIT) : QUOTE_LIMIT;
  return ` '${quoted.length > limit ? `${quoted.slice(0, limit)}...` : quoted}'`;
}

function fail(failures: Failure[], reason: string, value: unknown, spec: Spec, at: string, constraint: string): void {
  failures.push({ reason, text: `Value${describe(value, spec)} at '${at}' failed to satisfy constraint: ${constraint}` });
}

function wrongType(at: string, expected: string): AwsError {
  return Serialization(`Expected ${expected} at '${at}'.`);
}

function decodeValue(v: unknown, spec: Spec, at: string, failures: Failure[]): unknown {
  // AWS JSON: an explicit null is the same as an absent member.
  if (v === undefined || v === null) {
    if (spec.required) fail(failures, 'INPUT_REQUIRED', undefined, spec, at, 'Member must not be null');
    return undefined;
  }
  switch (spec.type) {
    case 'string': {
      if (typeof v !== 'string') throw wrongType(at, 'a string');
      const len = codePoints(v);
      if (spec.min !== undefined && len < spec.min) fail(failures, 'MIN_LENGTH_EXCEEDED', v, spec, at, `Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && len > spec.max) fail(failures, 'MAX_LENGTH_EXCEEDED', v, spec, at, `Member must have length less than or equal to ${spec.max}`);
      // A value past its length and 1,024 characters is not also matched: the email pattern
      // backtracks quadratically (a 32 KB address took 0.8 s; a 1 MiB one, minutes).
      if (spec.pattern && (spec.max === undefined || len <= Math.max(spec.max, QUOTE_LIMIT)) && !spec.pattern.re.test(v)) fail(failures, 'INVALID_PATTERN', v, spec, at, `Member must satisfy regular expression pattern: ${spec.pattern.text}`);
      if (spec.enum && !spec.enum.includes(v)) fail(failures, 'INVALID_ENUM', v, spec, at, `Member must satisfy enum value set: [${spec.enum.join(', ')}]`);
      return v;
    }
    case 'integer': {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw wrongType(at, 'an integer');
      if (spec.min !== undefined && v < spec.min) fail(failures, 'MIN_VALUE_EXCEEDED', v, spec, at, `Member must have value greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) fail(failures, 'MAX_VALUE_EXCEEDED', v, spec, at, `Member must have value less than or equal to ${spec.max}`);
      return v;
    }
    case 'boolean': {
      if (typeof v !== 'boolean') throw wrongType(at, 'a boolean');
      return v;
    }
    case 'list': {
      if (!Array.isArray(v)) throw wrongType(at, 'a list');
      if (v.length > MAX_LIST) throw Serialization(`Too many items at '${at}': at most ${MAX_LIST}.`);
      const items = v.map((item: unknown, i) => decodeValue(item, spec.member, `${at}.${i + 1}.member`, failures));
      if (spec.min !== undefined && items.length < spec.min) fail(failures, 'MIN_LENGTH_EXCEEDED', items, spec, at, `Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && items.length > spec.max) fail(failures, 'MAX_LENGTH_EXCEEDED', items, spec, at, `Member must have length less than or equal to ${spec.max}`);
      return items;
    }
    case 'structure': {
      if (!isObject(v)) throw wrongType(at, 'a structure');
      return decodeStructure(v, spec.members, at, failures);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

/** Plain objects as JSON: absent (undefined/null) members left out, Dates as epoch seconds. */
function toJson(v: XmlValue): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return (v as readonly XmlValue[]).map(toJson);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v as { readonly [k: string]: XmlValue })) {
      if (child !== undefined && child !== null) out[k] = toJson(child);
    }
    return out;
  }
  return v;
}

export function encodeJsonResponse(result: XmlValue): string {
  return result === undefined || result === null ? '{}' : JSON.stringify(toJson(result));
}

export interface EncodedError {
  readonly status: number;
  readonly code: string;
  readonly body: string;
}

export function encodeJsonError(service: string, err: AwsError): EncodedError {
  const [code, status] = SERVICES[service]?.errors[err.code] ?? COMMON_ERRORS[err.code] ?? [err.code, err.status];
  const members = err instanceof JsonAwsError ? err.members : {};
  return { status, code, body: JSON.stringify({ __type: code, Message: err.message, ...members }) };
}
