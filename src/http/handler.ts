/**
 * The one path every request takes: read → authenticate → decode → authorize → handler → encode,
 * with the audit event written whatever happened. Errors are AwsError values until the request's
 * protocol writes them; an unexpected fault becomes a 500 ServiceFailure whose message reveals
 * nothing (the details go to the log with the request id). Written once with core/settle.ts: a
 * request whose identity and reads are cached runs through without a promise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticated, type Authenticator, type RequestHead, anonymous, distinctHeaders } from '../access/authenticate.js';
import { authorize } from '../access/authorize.js';
import { ServiceNotServed } from '../access/not-served.js';
import { checkSessionLimits } from '../access/session-limits.js';
import type { AuditLog } from '../audit/audit.js';
import type { ActionContext, AnyAction, Caller, DecodedInput, Output, ServiceName } from '../core/action.js';
import { AccessDenied, AwsError, MissingAuthenticationToken, PayloadTooLarge, serviceFailure } from '../core/errors.js';
import type { Registry } from '../core/registry.js';
import type { Services } from '../core/services.js';
import { onRejected, run, wait } from '../core/settle.js';
import { storeFault } from '../core/store-faults.js';
import { randomUuid } from '../credentials/random.js';
import { firstHeader } from '../sigv4/headers.js';
import type { Store } from '../store/types.js';
import { BodyTooLarge, readBody, sourceIp } from './body.js';
import { notServedAnswer } from './not-served.js';
import { scrub, scrubError } from './redact.js';
import { send } from './respond.js';
import { JSON11, UNSIGNED, addressedService, answeringProtocol, protocolOf } from './routes.js';
import type { Incoming } from './wire.js';

export interface HandlerDeps {
  readonly store: Store;
  readonly services: Services;
  readonly registry: Registry;
  readonly authenticator: Authenticator;
  readonly audit: AuditLog | undefined;
  readonly log: (line: string) => void;
  /** Told of every authenticated call, before it is decoded (IAM's last-used records). */
  readonly observe?: (caller: Caller, service: ServiceName, region: string, now: Date) => void;
  /** Told of every authenticated call whose action exists, before it is authorized (access advisor's records). */
  readonly accessed?: (caller: Caller, service: ServiceName, action: string, region: string, now: Date) => void;
  /** Public documents answered to an unauthenticated GET by path (the OIDC issuers'), or undefined for any other path. */
  readonly documents?: (path: string) => Promise<{ readonly status: number; readonly body: string }> | undefined;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const fault = (res: ServerResponse, e: unknown): void => {
    // No request is known here: only the private keys any text may hold are hidden (redact.ts).
    deps.log(`unhandled fault: ${scrub(e instanceof Error ? (e.stack ?? e.message) : String(e), [])}`);
    if (!res.headersSent) res.writeHead(500).end();
  };
  return (req, res) => {
    try {
      start(deps, req, res, fault);
    } catch (e) {
      fault(res, e);
    }
  };
}

/** Answers /health at once; otherwise reads the body (callbacks, no promise) and handles the call. */
function start(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, fault: (res: ServerResponse, e: unknown) => void): void {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    // Not ready while the database (or, on PostgreSQL, its change feed) is out: see store/postgres-health.ts.
    const reason = deps.store.unavailable?.();
    if (reason === undefined) res.writeHead(200, ['content-type', 'application/json']).end(JSON.stringify({ status: 'ok' }));
    else res.writeHead(503, ['content-type', 'application/json']).end(JSON.stringify({ status: 'unavailable', reason }));
    return;
  }
  const doc = req.method === 'GET' || req.method === 'HEAD' ? deps.documents?.(path) : undefined;
  if (doc !== undefined) {
    doc.then((d) => res.writeHead(d.status, ['content-type', 'application/json', 'cache-control', 'max-age=300']).end(req.method === 'HEAD' ? undefined : d.body), (e: unknown) => fault(res, e));
    return;
  }
  // Read once from the raw lines (Node's req.headers would build a second, lossy copy).
  const head: RequestHead = { method: req.method ?? 'GET', path, query: q < 0 ? '' : rawUrl.slice(q + 1), headers: distinctHeaders(req.rawHeaders) };
  readBody(req, firstHeader(head.headers, 'content-length'), (bodyError, body) => {
    try {
      onRejected(run(handle(deps, req, res, head, bodyError, body)), (e) => fault(res, e));
    } catch (e) {
      fault(res, e);
    }
  });
}

function* handle(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, head: RequestHead, bodyError: Error | undefined, body: Buffer): Generator<unknown, void, unknown> {
  const requestId = randomUuid();
  const now = deps.services.now();
  const ip = sourceIp(req);
  // From the headers alone, so that even a body too large is answered in the client's protocol.
  const protocol = protocolOf(head);
  let incoming: Incoming | undefined;
  let service: ServiceName | undefined;
  let auth: Authenticated | undefined;
  let action: AnyAction | undefined;
  let input: DecodedInput | undefined;
  let result: Output;
  let error: AwsError | undefined;
  try {
    if (bodyError !== undefined) {
      if (bodyError instanceof BodyTooLarge) throw PayloadTooLarge('Request body exceeds the 1 MiB limit.');
      throw bodyError;
    }
    incoming = protocol.open({ head, body });
    auth = yield* wait(deps.authenticator.authenticate(head, body, now));
    if (auth === undefined) {
      // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are the only calls AWS takes unsigned:
      // the token or assertion in the request is the credential.
      if (incoming.protocol === UNSIGNED.protocol && deps.registry.find(UNSIGNED.service, incoming.operation)?.unsigned === true) auth = anonymous(UNSIGNED.service);
      else throw MissingAuthenticationToken('Request is missing Authentication Token');
    }
    service = auth.service;
    deps.observe?.(auth.caller, service, auth.region, now);
    action = incoming.action(service, deps.registry);
    // An X.509 signature authenticates CreateSession alone, and CreateSession takes nothing else.
    if ((auth.certificate !== undefined) !== (action.x509 === true)) {
      throw AccessDenied(action.x509 === true ? 'This operation must be signed with an X.509 certificate (AWS4-X509-RSA-SHA256 or AWS4-X509-ECDSA-SHA256).' : 'A request signed with an X.509 certificate may only call CreateSession.');
    }
    deps.accessed?.(auth.caller, service, action.name, auth.region, now);
    input = incoming.input(action);
    const ctx: ActionContext = {
      requestId,
      now,
      region: auth.region,
      caller: auth.caller,
      store: deps.store,
      services: deps.services,
      sourceIp: ip,
      callerPolicies: auth.policies,
      ...(auth.certificate !== undefined && { certificate: auth.certificate }),
    };
    checkSessionLimits(auth.caller, service, action.name);
    // Calls AWS never denies (no resource) skip the engine.
    if (action.resource !== undefined) yield* wait(authorize(ctx, action, input, auth.policies));
    result = yield* wait(action.handler(ctx, input));
    send(res, incoming.protocol.encode(service, incoming.operation, result, requestId), requestId, now);
  } catch (thrown) {
    // A call for a service not served here gets that answer whatever failed before authentication
    // could say so (`aws s3 cp` of a file over 1 MiB, or one that reads as a form of too many fields).
    const e = (auth === undefined && !(thrown instanceof ServiceNotServed) ? deps.authenticator.notServed?.(head) : undefined) ?? thrown;
    // Until authentication names it, errors speak for the service the path (restJson1) or the credential scope names.
    service ??= addressedService(head);
    // No message or log line repeats a value the request sent in a sensitive member.
    const secrets = action === undefined || incoming === undefined ? [] : incoming.secrets(action.params);
    if (e instanceof AwsError) error = scrubError(e, secrets);
    else {
      // A retryable store fault (the store logs its outages once) is no fault of this request.
      error = storeFault(e);
      if (error === undefined) {
        deps.log(`request ${requestId} failed: ${scrub(e instanceof Error ? (e.stack ?? e.message) : String(e), secrets)}`);
        error = serviceFailure();
      }
    }
    if (error instanceof ServiceNotServed) send(res, notServedAnswer(error, protocol === JSON11, (incoming?.operation ?? '') !== '', requestId), requestId, now);
    else send(res, answeringProtocol(protocol, service).encodeError(service, error, requestId), requestId, now);
  } finally {
    const caller = auth?.caller;
    deps.audit?.write({
      time: now,
      service: error instanceof ServiceNotServed ? error.service : (service ?? 'iam'),
      eventName: incoming?.operation ?? '',
      region: auth?.region ?? 'us-east-1',
      sourceIp: ip,
      userAgent: firstHeader(head.headers, 'user-agent') ?? '',
      identity: caller === undefined ? undefined : deps.audit.identityOf(caller),
      account: caller?.account,
      input,
      params: action?.params,
      result,
      errorCode: error?.code,
      errorMessage: error?.message,
      requestId,
      eventId: randomUuid(),
    });
  }
}
