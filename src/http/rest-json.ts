/**
 * The AWS restJson1 protocol (EKS Auth, IAM Roles Anywhere): the operation is named by the
 * request's method and path (botocore's `http.method` / `http.requestUri`), path labels
 * (`{clusterName}`) and query-string members (`location: querystring`) are input members, the
 * other members come from a JSON body; the answer is JSON with the operation's success status
 * (`http.responseCode`, e.g. 201), and an error is its HTTP status (the error shape's
 * `httpStatusCode`), the header `X-Amzn-Errortype: <Code>` and a body `{"message": "…"}` — the
 * SDKs read the code from that header first.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 *
 * Narrow on purpose: no header or payload bindings. Timestamps are whatever the handler returns
 * (a Date as epoch seconds; an ISO-8601 string for members the model marks `iso8601`).
 */
import type { AnyAction, DecodedInput, Output, ServiceName } from '../core/action.js';
import { type AwsError, Serialization, UnknownOperation } from '../core/errors.js';
import type { Params, Spec } from '../core/input.js';
import type { Registry } from '../core/registry.js';
import { type JsonObject, type Validation, decodeJson, own, parseBody } from './json-decode.js';
import { COMMON_ERRORS, type WireNames, toJson } from './json11.js';
import { sensitiveValues } from './redact.js';
import type { Encoded, Incoming, WireProtocol, WireRequest } from './wire.js';

const CONTENT_TYPE = 'application/json';

/** One operation's HTTP binding: `POST /clusters/{clusterName}/assume-role-for-pod-identity`. */
export interface RestRoute {
  readonly method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** The requestUri with `{label}` segments. */
  readonly uri: string;
  readonly operation: string;
  /** The success status (`http.responseCode`); 200 when absent. */
  readonly status?: number;
  /** Query-string members: wire name (`locationName`) → member name. */
  readonly query?: Readonly<Record<string, string>>;
}

export interface RestJsonService {
  readonly routes: readonly RestRoute[];
  readonly errors: WireNames;
  readonly validation: Validation;
}

interface Compiled {
  readonly service: ServiceName;
  readonly route: RestRoute;
  /** Literal segments, and label names at the segments that are labels. */
  readonly segments: readonly { readonly literal?: string; readonly label?: string }[];
}

/** A label's value: one whole path segment, percent-decoded (a malformed escape matches nothing). */
function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * A query value as the JSON decoder takes it: restJson1 writes integers and booleans as text
 * (`?pageSize=10`), read as the member's spec types it; text that is no such value stays text and
 * is refused by the decoder as a value of the wrong type.
 */
function queryValue(v: string, spec: Spec | undefined): unknown {
  if (spec?.type === 'integer' && /^-?\d{1,15}$/.test(v)) return Number(v);
  if (spec?.type === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}

/**
 * A query-string member's value: a list member (`?specifiers=CN&specifiers=OU`) takes every value
 * given, in order; any other member one value (the same value repeated is that value; differing
 * values are refused, as no member can hold both).
 */
function queryMember(query: URLSearchParams, wire: string, spec: Spec | undefined): unknown {
  const values = query.getAll(wire);
  if (values.length === 0) return undefined;
  if (spec?.type === 'list') return values.map((v) => queryValue(v, spec.member));
  if (values.some((v) => v !== values[0])) throw Serialization(`The query parameter ${wire.slice(0, 64)} is given more than once.`);
  return queryValue(values[0]!, spec);
}

/**
 * restJson1's answer to a method and path bound to no operation of the service: 404
 * UnknownOperationException (what AWS's service framework answers when no protocol handler claims
 * a request: https://github.com/smithy-lang/smithy/issues/1368).
 */
export const unknownRoute = (method: string, path: string): AwsError => UnknownOperation(`No operation is bound to ${method} ${path.slice(0, 256)} for this service.`);

/** Codes every restJson1 service answers alike: the common JSON names, and an unknown route's 404. */
const REST_COMMON: WireNames = { ...COMMON_ERRORS, UnknownOperationException: ['UnknownOperationException', 404] };

export class RestJsonProtocol implements WireProtocol {
  readonly name = 'rest-json';
  readonly #routes: readonly Compiled[];
  readonly #services: ReadonlyMap<string, RestJsonService>;

  constructor(services: Readonly<Partial<Record<ServiceName, RestJsonService>>>) {
    this.#services = new Map(Object.entries(services));
    const routes: Compiled[] = [];
    for (const [service, s] of this.#services) {
      for (const route of s.routes) {
        const segments = route.uri.split('/').slice(1).map((seg) => (/^\{\w+\}$/.test(seg) ? { label: seg.slice(1, -1) } : { literal: seg }));
        routes.push({ service: service as ServiceName, route, segments });
      }
    }
    this.#routes = routes;
  }

  /** The route a request's method and path match, with its labels' values. */
  match(method: string, path: string): { readonly compiled: Compiled; readonly labels: ReadonlyMap<string, string> } | undefined {
    const parts = path.split('/').slice(1);
    for (const compiled of this.#routes) {
      if (compiled.route.method !== method || compiled.segments.length !== parts.length) continue;
      const labels = new Map<string, string>();
      const ok = compiled.segments.every((seg, i) => {
        const part = parts[i]!;
        if (seg.literal !== undefined) return part === seg.literal;
        const value = decodeSegment(part);
        if (value === undefined || value === '') return false;
        labels.set(seg.label!, value);
        return true;
      });
      if (ok) return { compiled, labels };
    }
    return undefined;
  }

  open(req: WireRequest): Incoming {
    // Only the route's bound query members are read (URLSearchParams: the request line is bounded by Node's header limit).
    const query = new URLSearchParams(req.head.query);
    const matched = this.match(req.head.method, req.head.path);
    const services = this.#services;
    let parsed: JsonObject | undefined;
    const members = (params: Params): JsonObject => {
      // Members bound to the path or the query are theirs: a body member of the same name is ignored.
      const body = parseBody(req.body);
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(body)) out[k] = v;
      for (const [wire, member] of Object.entries(matched?.compiled.route.query ?? {})) {
        const v = queryMember(query, wire, params[member]);
        if (v !== undefined) out[member] = v;
      }
      for (const [k, v] of matched?.labels ?? []) out[k] = v;
      return out;
    };
    return {
      protocol: this,
      operation: matched?.compiled.route.operation ?? '',
      action(service: ServiceName, registry: Registry): AnyAction {
        const action = matched === undefined || matched.compiled.service !== service ? undefined : registry.find(service, matched.compiled.route.operation);
        if (action === undefined) throw unknownRoute(req.head.method, req.head.path);
        return action;
      },
      input(action: AnyAction): DecodedInput {
        parsed = members(action.params);
        return decodeJson(parsed, action.params, services.get(action.service)?.validation ?? { code: 'ValidationException' });
      },
      secrets(params: Params): string[] {
        if (parsed === undefined) {
          try {
            parsed = members(params);
          } catch {
            return []; // a body refused for its shape is not built here either, and its refusal quotes nothing of it
          }
        }
        const o = parsed;
        return sensitiveValues(params, (name) => own(o, name));
      },
    };
  }

  encode(service: ServiceName, operation: string, output: Output): Encoded {
    const status = this.#routes.find((r) => r.service === service && r.route.operation === operation)?.route.status ?? 200;
    return { status, contentType: CONTENT_TYPE, body: output === undefined || output === null ? '{}' : JSON.stringify(toJson(output)) };
  }

  encodeError(service: ServiceName, err: AwsError): Encoded {
    const [code, status] = this.#services.get(service)?.errors[err.code] ?? REST_COMMON[err.code] ?? [err.code, err.status];
    return { status, contentType: CONTENT_TYPE, headers: ['x-amzn-errortype', code], body: JSON.stringify({ message: err.message, ...err.members }) };
  }
}
