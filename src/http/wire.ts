/**
 * What a wire protocol is to the spine: it reads a request (`open`: the operation's name, before
 * authentication; `action` and `input`: the action and its typed input, once the service is known) and writes
 * the answer (`encode`, `encodeError`). Query, AWS JSON 1.1 and restJson1 are the protocols today
 * (query.ts, json11.ts, rest-json.ts); REST-XML takes the same shape. Which one a request speaks
 * is decided in routes.ts.
 */
import type { AnyAction, DecodedInput, Output, ServiceName } from '../core/action.js';
import type { AwsError } from '../core/errors.js';
import type { Params } from '../core/input.js';
import type { Registry } from '../core/registry.js';
import type { RequestHead } from '../access/authenticate.js';

/** One request as the spine received it. */
export interface WireRequest {
  readonly head: RequestHead;
  readonly body: Buffer;
}

/** A response ready to send. */
export interface Encoded {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: readonly string[];
}

/** A request read by its protocol. */
export interface Incoming {
  readonly protocol: WireProtocol;
  /** The operation the request names ('' when none): for the audit log and unsigned calls. */
  readonly operation: string;
  /**
   * Decoding, in two steps so that a request whose input fails validation is known by its action
   * (whose sensitive members its error must not quote): the action the request names for
   * `service` (the credential scope's), or the protocol's "no such operation"; then its input,
   * decoded and validated against the action's spec (validate.ts), or AWS's validation error.
   */
  action(service: ServiceName, registry: Registry): AnyAction;
  input(action: AnyAction): DecodedInput;
  /** The values the request sent in the action's sensitive members (read again, on the error path only). */
  secrets(params: Params): string[];
}

export interface WireProtocol {
  readonly name: string;
  /** Reads what can be read before authentication; may throw the protocol's decoding errors. */
  open(req: WireRequest): Incoming;
  encode(service: ServiceName, operation: string, output: Output, requestId: string): Encoded;
  encodeError(service: ServiceName, error: AwsError, requestId: string): Encoded;
}
