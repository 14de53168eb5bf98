/**
 * The AWS JSON 1.1 protocol (Organizations): `POST /` with `X-Amz-Target: <prefix>.<Operation>`
 * and `Content-Type: application/x-amz-json-1.1`, a JSON body in and out, timestamps as epoch
 * seconds, errors as `{"__type": "<Code>", "Message": "..."}` with HTTP 400 (500 for faults).
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 *
 * The SDKs read the code from `__type` (anything after `#` or before `:` is dropped) and the
 * message from `message` or `Message`; Organizations' error shapes model `Message`.
 */
import type { AnyAction, DecodedInput, Output, ServiceName } from '../core/action.js';
import { type AwsError, type ErrorCode, UnknownOperation } from '../core/errors.js';
import type { Params } from '../core/input.js';
import type { Registry } from '../core/registry.js';
import { parseForm } from './form.js';
import { type JsonObject, type Validation, decodeJson, own, parseBody } from './json-decode.js';
import { sensitiveValues } from './redact.js';
import type { Encoded, Incoming, WireProtocol, WireRequest } from './wire.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Registry codes renamed on the JSON wire: the name the SDKs know there, and its HTTP status. */
export type WireNames = Readonly<Partial<Record<ErrorCode, readonly [string, number]>>>;

/** What the protocol needs of each service that speaks it (botocore's metadata and error shapes). */
export interface JsonService {
  /** `targetPrefix` in its botocore model: X-Amz-Target is `<prefix>.<Operation>`. */
  readonly targetPrefix: string;
  /** Registry codes this service names otherwise on the wire (its name, HTTP status). */
  readonly errors: WireNames;
  readonly validation: Validation;
}

/**
 * JSON services answer authentication failures with the *Exception names the SDKs' common error
 * set knows (UnrecognizedClientException, InvalidSignatureException, …).
 */
export const COMMON_ERRORS: WireNames = {
  AccessDenied: ['AccessDeniedException', 400],
  InvalidClientTokenId: ['UnrecognizedClientException', 403],
  SignatureDoesNotMatch: ['InvalidSignatureException', 403],
  IncompleteSignature: ['IncompleteSignatureException', 403],
  ExpiredToken: ['ExpiredTokenException', 403],
  MissingAuthenticationToken: ['MissingAuthenticationTokenException', 403],
};

const DEFAULT_VALIDATION: Validation = { code: 'ValidationException' };

/** The operation X-Amz-Target names (a string: repeated, the header names none). */
export function jsonTarget(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const t = headers['x-amz-target'];
  return typeof t === 'string' ? t : undefined;
}

export class Json11Protocol implements WireProtocol {
  readonly name = 'json1.1';
  readonly #services: ReadonlyMap<string, JsonService>;

  constructor(services: Readonly<Partial<Record<ServiceName, JsonService>>>) {
    this.#services = new Map(Object.entries(services));
  }

  open(req: WireRequest): Incoming {
    const target = jsonTarget(req.head.headers) ?? '';
    // The query is read (and refused when malformed) as for every request; its fields are unused.
    parseForm(req.head.query, '');
    const services = this.#services;
    let parsed: JsonObject | undefined;
    return {
      protocol: this,
      operation: target.slice(target.lastIndexOf('.') + 1),
      action(service: ServiceName, registry: Registry): AnyAction {
        const s = services.get(service);
        const dot = target.lastIndexOf('.');
        const action = s === undefined || dot < 0 || target.slice(0, dot) !== s.targetPrefix ? undefined : registry.find(service, target.slice(dot + 1));
        if (action === undefined) throw UnknownOperation(`The operation ${target} is not known to this service.`);
        return action;
      },
      input(action: AnyAction): DecodedInput {
        parsed = parseBody(req.body);
        return decodeJson(parsed, action.params, services.get(action.service)?.validation ?? DEFAULT_VALIDATION);
      },
      secrets(params: Params): string[] {
        if (parsed === undefined) {
          try {
            parsed = parseBody(req.body);
          } catch {
            return []; // a body refused for its shape is not built here either, and its refusal quotes nothing of it
          }
        }
        const body = parsed;
        return sensitiveValues(params, (name) => own(body, name));
      },
    };
  }

  encode(_service: ServiceName, _operation: string, output: Output): Encoded {
    return { status: 200, contentType: JSON_CONTENT_TYPE, body: output === undefined || output === null ? '{}' : JSON.stringify(toJson(output)) };
  }

  encodeError(service: ServiceName, err: AwsError): Encoded {
    const [code, status] = this.#services.get(service)?.errors[err.code] ?? COMMON_ERRORS[err.code] ?? [err.code, err.status];
    return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify({ __type: code, Message: err.message, ...err.members }) };
  }
}

/** Plain objects as JSON: absent (undefined/null) members left out, Dates as epoch seconds. */
export function toJson(v: Output): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return (v as readonly Output[]).map(toJson);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v as { readonly [k: string]: Output })) {
      if (child !== undefined && child !== null) out[k] = toJson(child);
    }
    return out;
  }
  return v;
}
