/**
 * The one path every request takes: decode → authenticate → authorize → handler → audit → encode.
 * Errors are AwsError values until the single boundary here turns them into the wire format; an
 * unexpected fault becomes a 500 ServiceFailure whose message reveals nothing (the details go to
 * the log with the request id).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from '../audit/audit.js';
import { randomUuid } from '../credentials/random.js';
import { AwsError, InvalidAction, MissingAuthenticationToken, PayloadTooLarge, serviceFailure } from '../protocol/errors.js';
import { JSON_CONTENT_TYPE, UnknownOperation, decodeJson, encodeJsonError, encodeJsonResponse, isJsonService, jsonOperation, jsonTarget, operationName } from '../protocol/json.js';
import { type Params, decodeParams } from '../protocol/params.js';
import { parseForm } from '../protocol/query.js';
import { firstHeader } from '../sigv4/headers.js';
import { encodeQueryError, encodeQueryResponse } from '../protocol/xml.js';
import type { Store } from '../store/types.js';
import type { ActionContext, Caller, ServiceName } from './action.js';
import { type Authenticator, type Authenticated, type RequestHead, distinctHeaders } from './authenticate.js';
import { authorize } from './authorize.js';
import { checkSessionLimits } from './session-limits.js';
import { storeFault } from './store-faults.js';
import { BodyTooLarge, readBody, sourceIp } from './http-util.js';
import { UsageRecorder } from './usage.js';
import { findAction } from './registry.js';
import { requestSecrets, scrub, scrubError } from './redact.js';
import { ServiceNotServed, notServedAnswer } from './not-served.js';
import type { Services } from './services.js';

const VERSIONS: Readonly<Record<string, string>> = { iam: '2010-05-08', sts: '2011-06-15' };

export interface PipelineDeps {
  readonly store: Store;
  readonly services: Services;
  readonly authenticator: Authenticator;
  readonly audit: AuditLog | undefined;
  readonly log: (line: string) => void;
}

export function createHandler(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const usage = new UsageRecorder(deps.store, deps.log);
  const fault = (res: ServerResponse, e: unknown): void => {
    deps.log(`unhandled fault: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (!res.headersSent) res.writeHead(500).end();
  };
  return (req, res) => {
    try {
      start(deps, usage, req, res, fault);
    } catch (e) {
      fault(res, e);
    }
  };
}

/** Answers /health at once; otherwise reads the body (callbacks, no promise) and handles the call. */
function start(deps: PipelineDeps, usage: UsageRecorder, req: IncomingMessage, res: ServerResponse, fault: (res: ServerResponse, e: unknown) => void): void {
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
  // Read once from the raw lines (Node's req.headers would build a second, lossy copy).
  const headers = distinctHeaders(req.rawHeaders);
  readBody(req, firstHeader(headers, 'content-length'), (bodyError, body) => {
    handle(deps, usage, req, res, rawUrl, q, path, headers, bodyError, body).catch((e: unknown) => fault(res, e));
  });
}

async function handle(
  deps: PipelineDeps,
  usage: UsageRecorder,
  req: IncomingMessage,
  res: ServerResponse,
  rawUrl: string,
  q: number,
  path: string,
  headers: RequestHead['headers'],
  bodyError: Error | undefined,
  body: Buffer,
): Promise<void> {
  const requestId = randomUuid();
  const now = deps.services.now();
  const ip = sourceIp(req);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  const head: RequestHead = { method: req.method ?? 'GET', path, query: rawQuery, headers };
  // AWS JSON 1.1 (Organizations) names its operation in X-Amz-Target; Query requests never do.
  const target = jsonTarget(headers);
  let service: ServiceName | undefined;
  let actionName = '';
  let auth: Authenticated | undefined;
  let input: unknown;
  /** The action's parameter shapes, once known: what is sensitive in this request. */
  let params: Params | undefined;
  let result: unknown;
  let error: AwsError | undefined;
  try {
    if (bodyError !== undefined) {
      if (bodyError instanceof BodyTooLarge) throw PayloadTooLarge('Request body exceeds the 1 MiB limit.');
      throw bodyError;
    }
    const fields = parseForm(rawQuery, target === undefined ? body.toString('utf8') : '');
    actionName = target === undefined ? (fields.get('Action') ?? '') : operationName(target);
    const authenticated = deps.authenticator.authenticate(head, body, now);
    auth = authenticated instanceof Promise ? await authenticated : authenticated;
    if (auth === undefined) {
      // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are the only calls AWS takes unsigned:
      // the token or assertion in the request is the credential.
      if (target === undefined && findAction('sts', actionName)?.unsigned === true) auth = anonymous();
      else throw MissingAuthenticationToken('Request is missing Authentication Token');
    }
    service = auth.service;
    usage.record(auth.caller, service, auth.region, now);
    // Organizations speaks JSON only: Action=CreateOrganization in a form scoped to it was served
    // through the Query decoder (no `sensitive` members, XML out). AWS has no such operation.
    if (target === undefined && isJsonService(service)) throw UnknownOperation(`The operation ${actionName.slice(0, 128)} is not known to this service: name it in X-Amz-Target.`);
    const action = findAction(service, target === undefined ? actionName : jsonOperation(service, target));
    params = action?.params;
    if (target !== undefined) {
      if (action === undefined) throw UnknownOperation(`The operation ${target} is not known to this service.`);
      input = decodeJson(service, body, action.params);
    } else {
      const version = VERSIONS[service];
      if (action === undefined || (fields.has('Version') && fields.get('Version') !== version)) {
        throw InvalidAction(`Could not find operation ${quoted(actionName)} for version ${quoted(fields.get('Version') ?? version ?? '')}`);
      }
      input = decodeParams(fields, action.params);
    }
    const ctx: ActionContext = {
      requestId,
      now,
      region: auth.region,
      caller: auth.caller,
      store: deps.store,
      services: deps.services,
      sourceIp: ip,
      callerPolicies: auth.policies,
    };
    checkSessionLimits(auth.caller, service, action.name);
    // Calls AWS never denies (no resource) skip the engine and its await.
    if (action.resource !== undefined) await authorize(ctx, action, input as never, auth.policies);
    const out = action.handler(ctx, input as never);
    result = out instanceof Promise ? await out : out;
    if (target !== undefined) {
      send(res, 200, JSON_CONTENT_TYPE, requestId, now, encodeJsonResponse(result as never));
      return;
    }
    const xml = encodeQueryResponse(service === 'sts' ? 'sts' : 'iam', actionName, result as never, requestId);
    send(res, 200, 'text/xml', requestId, now, xml);
  } catch (thrown) {
    // A call for a service not served here gets that answer whatever failed before authentication
    // could say so (`aws s3 cp` of a file over 1 MiB, or one that reads as a form of too many fields).
    const e = (auth === undefined && !(thrown instanceof ServiceNotServed) ? deps.authenticator.notServed?.(head) : undefined) ?? thrown;
    // Until authentication names it, errors speak for the service the credential scope claims.
    service ??= claimedService(headers, rawQuery);
    // No message or log line repeats a value the request sent in a sensitive member.
    const secrets = params === undefined ? [] : requestSecrets(params, target, rawQuery, body);
    if (e instanceof AwsError) error = scrubError(e, secrets);
    else {
      // A retryable store fault (the store logs its outages once) is no fault of this request.
      error = storeFault(e);
      if (error === undefined) {
        deps.log(`request ${requestId} failed: ${scrub(e instanceof Error ? (e.stack ?? e.message) : String(e), secrets)}`);
        error = serviceFailure();
      }
    }
    if (error instanceof ServiceNotServed) {
      const out = notServedAnswer(error, target, actionName !== '', requestId);
      send(res, out.status, out.contentType, requestId, now, out.body, out.headers);
      return;
    }
    if (target !== undefined || isJsonService(service)) {
      const out = encodeJsonError(service, error);
      send(res, out.status, JSON_CONTENT_TYPE, requestId, now, out.body);
      return;
    }
    const xml = encodeQueryError(service === 'sts' ? 'sts' : 'iam', error, requestId);
    send(res, error.status, 'text/xml', requestId, now, xml);
  } finally {
    const caller = auth?.caller;
    deps.audit?.write({
      time: now,
      service: error instanceof ServiceNotServed ? error.service : (service ?? 'iam'),
      eventName: actionName,
      region: auth?.region ?? 'us-east-1',
      sourceIp: ip,
      userAgent: firstHeader(headers, 'user-agent') ?? '',
      identity: caller === undefined ? undefined : identityJson(caller),
      account: caller?.account,
      input,
      params,
      result,
      errorCode: error?.code,
      errorMessage: error?.message,
      requestId,
      eventId: randomUuid(),
    });
  }
}

/** A name the client sent, quoted back at most 128 characters long (a megabyte of Action is not echoed). */
const quoted = (name: string): string => (name.length > 128 ? `${name.slice(0, 128)}...` : name);

/**
 * Responses leave together, once the event loop has run every I/O callback of its turn
 * (setImmediate): a client waiting in epoll is then woken once per batch rather than once per
 * response. On the 2-core bench machine this alone is worth ~15% of throughput under load, and
 * adds no more latency than the rest of the turn's work. Node keeps pipelined responses of one
 * connection in order whatever the order of end() calls.
 */
let outgoing: [ServerResponse, number, string[], string][] = [];

function send(res: ServerResponse, status: number, contentType: string, requestId: string, now: Date, body: string, extra?: readonly string[]): void {
  const headers = ['content-type', contentType, 'x-amzn-requestid', requestId, 'date', httpDate(now)];
  if (extra !== undefined) headers.push(...extra);
  if (outgoing.push([res, status, headers, body]) === 1) setImmediate(flushResponses);
}

function flushResponses(): void {
  const batch = outgoing;
  outgoing = [];
  for (const [res, status, headers, body] of batch) {
    // A fault after queuing may have answered 500 already (createHandler's catch); a connection
    // gone meanwhile takes the write as a no-op. One response's failure never stops the others.
    try {
      if (!res.headersSent) res.writeHead(status, headers).end(body);
    } catch {
      res.destroy();
    }
  }
}

const SCOPE = /^Credential=[^/,\s]+\/\d{8}\/[^/]+\/(iam|sts|organizations)\/aws4_request/;

/**
 * The service a request's credential scope names (header or presigned form), else IAM. Only the
 * first "Credential=" is read, anchored: unanchored, a 16 KB header of "Credential=Credential=…"
 * cost the regex the square of its length (50 ms) on every unauthenticated error.
 */
function claimedService(headers: RequestHead['headers'], rawQuery: string): ServiceName {
  const header = firstHeader(headers, 'authorization');
  const at = header?.indexOf('Credential=') ?? -1;
  const m = (header === undefined || at < 0 ? null : SCOPE.exec(header.slice(at, at + 512))) ?? SCOPE.exec(`Credential=${new URLSearchParams(rawQuery).get('X-Amz-Credential') ?? ''}`);
  return (m?.[1] as ServiceName | undefined) ?? 'iam';
}

/**
 * The Date header in the server's own time: the SDKs correct their clock skew from it, so with an
 * injected clock the header must follow that clock, not the wall clock. Cached per second.
 */
let dateCache = { second: -1, text: '' };
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== dateCache.second) dateCache = { second, text: now.toUTCString() };
  return dateCache.text;
}

/** The caller of an unsigned STS call, before its token or assertion is verified. */
function anonymous(): Authenticated {
  return {
    service: 'sts',
    region: 'us-east-1',
    caller: { account: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous', accessKeyId: '', principal: { arn: 'anonymous' } },
    policies: { identity: [] },
  };
}

/** The userIdentity member of a caller's audit events; long-term callers are cached objects, so is this. */
const identities = new WeakMap<Caller, string>();
function identityJson(c: Caller): string {
  let json = identities.get(c);
  if (json === undefined) {
    const type = c.type === 'user' ? 'IAMUser' : c.type === 'root' ? 'Root' : c.type === 'role-session' ? 'AssumedRole' : c.type === 'anonymous' ? 'Unknown' : 'FederatedUser';
    json = JSON.stringify({ type, principalId: c.userId, arn: c.arn, accountId: c.account, accessKeyId: c.accessKeyId, ...(c.userName === undefined ? {} : { userName: c.userName }) });
    identities.set(c, json);
  }
  return json;
}
