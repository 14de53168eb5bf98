/**
 * The AWS Query protocol (IAM, STS): `Action=…&Version=…` and the action's members as form fields
 * (URL query and an application/x-www-form-urlencoded body, merged), answered in XML.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import type { AnyAction, Output, ServiceName } from '../core/action.js';
import { type AwsError, InvalidAction, UnknownOperation } from '../core/errors.js';
import type { Params } from '../core/input.js';
import type { Registry } from '../core/registry.js';
import { parseForm } from './form.js';
import { decodeParams } from './query-decode.js';
import { sensitiveValues } from './redact.js';
import type { Encoded, Incoming, WireProtocol, WireRequest } from './wire.js';
import { encodeQueryError, encodeQueryResponse } from './xml.js';

/** What the protocol needs of each service that speaks it (the service model's metadata). */
export interface QueryService {
  readonly version: string;
  /** The XML namespace of its responses. */
  readonly namespace: string;
}

/** A name the client sent, quoted back at most 128 characters long (a megabyte of Action is not echoed). */
const quoted = (name: string): string => (name.length > 128 ? `${name.slice(0, 128)}...` : name);

export class QueryProtocol implements WireProtocol {
  readonly name = 'query';
  readonly #services: ReadonlyMap<string, QueryService>;
  /** The namespace errors are written in for a service that speaks another protocol (none today). */
  readonly #fallback: QueryService;

  constructor(services: Readonly<Partial<Record<ServiceName, QueryService>>>, fallback: ServiceName) {
    this.#services = new Map(Object.entries(services));
    this.#fallback = this.#services.get(fallback)!;
  }

  open(req: WireRequest): Incoming {
    const fields = parseForm(req.head.query, req.body.toString('utf8'));
    const operation = fields.get('Action') ?? '';
    const services = this.#services;
    return {
      protocol: this,
      operation,
      action(service: ServiceName, registry: Registry): AnyAction {
        const s = services.get(service);
        // A service of another protocol (Organizations speaks JSON only): Action=CreateOrganization
        // in a form scoped to it is no operation of it.
        if (s === undefined) throw UnknownOperation(`The operation ${operation.slice(0, 128)} is not known to this service: name it in X-Amz-Target.`);
        const action = registry.find(service, operation);
        const version = fields.get('Version');
        if (action === undefined || (version !== undefined && version !== s.version)) {
          throw InvalidAction(`Could not find operation ${quoted(operation)} for version ${quoted(version ?? s.version)}`);
        }
        return action;
      },
      input: (action) => decodeParams(fields, action.params),
      secrets: (params: Params) => sensitiveValues(params, (name) => fields.get(name)),
    };
  }

  encode(service: ServiceName, operation: string, output: Output, requestId: string): Encoded {
    return { status: 200, contentType: 'text/xml', body: encodeQueryResponse(this.#of(service).namespace, operation, output, requestId) };
  }

  encodeError(service: ServiceName, error: AwsError, requestId: string): Encoded {
    return { status: error.status, contentType: 'text/xml', body: encodeQueryError(this.#of(service).namespace, error, requestId) };
  }

  #of(service: ServiceName): QueryService {
    return this.#services.get(service) ?? this.#fallback;
  }
}
