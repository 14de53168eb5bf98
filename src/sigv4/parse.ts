/**
 * parseAuthorization: from a request, the SigV4 claim (who says they signed it, when, for what
 * scope), or AWS's error. Checks run in the order AWS runs them, so a request with several faults
 * gets the error AWS would give first: query syntax, presence of auth, form-specific parsing,
 * Host signed, date syntax, clock (when nowMs is given), credential shape, credential scope.
 */
import { IncompleteSignatureError, MissingAuthenticationTokenError, MSG, msgCredentialParts, SignatureDoesNotMatchError } from './errors.js';
import { checkClock } from './clock.js';
import { firstHeader } from './headers.js';
import { fromAuthorizationHeader } from './parse-header.js';
import { fromQueryParameters } from './parse-query.js';
import { firstParam, parseQuery } from './query.js';
import { formatAmzDate, parseAmzDate } from './time.js';
import type { ParseOptions, SigV4Claim, SigV4Request } from './types.js';

const defaultRegionCheck = (region: string): boolean => /^[a-z0-9-]{1,64}$/.test(region);

/**
 * A client sends the same SignedHeaders on every call, and the same X-Amz-Date on every call of
 * one second: both parses are remembered (bounded; only the parsed form of public request text).
 */
const signedLists = new Map<string, readonly string[]>();
const MAX_SIGNED_LISTS = 256;

function signedHeaderList(text: string): readonly string[] {
  let list = signedLists.get(text);
  if (list === undefined) {
    list = Object.freeze(
      text
        .split(';')
        .filter((h) => h !== '')
        .map((h) => h.toLowerCase())
        .sort(),
    );
    if (signedLists.size >= MAX_SIGNED_LISTS) signedLists.clear();
    signedLists.set(text, list);
  }
  return list;
}

let lastDate = { text: '', ms: 0 };
function amzDateMs(text: string): number {
  if (text !== lastDate.text) lastDate = { text, ms: parseAmzDate(text) };
  return lastDate.ms;
}

interface Scope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** The region, service and terminator complaints, in AWS's order (the date's comes after). */
  readonly errors: string;
  readonly services: ParseOptions['services'];
  readonly isValidRegion: ParseOptions['isValidRegion'];
}

/** A client's credential is the same on every call of a day: its parse is remembered per options. */
const scopes = new Map<string, Scope>();
const MAX_SCOPES = 256;

function credentialScope(credential: string, options: ParseOptions): Scope {
  const hit = scopes.get(credential);
  if (hit !== undefined && hit.services === options.services && hit.isValidRegion === options.isValidRegion) return hit;
  const parts = credential.split('/');
  if (parts.length !== 5) throw new IncompleteSignatureError(msgCredentialParts(credential));
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  let errors = '';
  if (!(options.isValidRegion ?? defaultRegionCheck)(region)) {
    errors += `Credential should be scoped to a valid region, not '${region}'. `;
  }
  const services = options.services;
  if (services !== undefined && services.length > 0 && !services.includes(service)) {
    errors += `Credential should be scoped to correct service: '${services[0] ?? ''}'. `;
  }
  if (terminator !== 'aws4_request') {
    errors += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  const scope: Scope = { accessKeyId, date, region, service, errors, services: options.services, isValidRegion: options.isValidRegion };
  if (scopes.size >= MAX_SCOPES) scopes.clear();
  scopes.set(credential, scope);
  return scope;
}

export function parseAuthorization(req: SigV4Request, options: ParseOptions = {}): SigV4Claim {
  const params = parseQuery(req.query);
  const header = firstHeader(req.headers, 'authorization');
  const algorithm = firstParam(params, 'X-Amz-Algorithm');
  // Both forms at once: AWS answers SignatureDoesNotMatch with an empty message.
  if (header !== undefined && algorithm !== undefined) throw new SignatureDoesNotMatchError('');
  if (header === undefined && algorithm === undefined) throw new MissingAuthenticationTokenError();
  const raw = header !== undefined ? fromAuthorizationHeader(header, req.headers) : fromQueryParameters(algorithm ?? '', params);

  const signedHeaders = signedHeaderList(raw.signedHeaders);
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    throw new SignatureDoesNotMatchError(MSG.hostMustBeSigned);
  }

  const requestMs = amzDateMs(raw.date);
  // The basic form is already canonical; only the extended form needs rewriting.
  const amzDate = raw.date.length === 16 ? raw.date : formatAmzDate(requestMs);
  if (options.nowMs !== undefined) checkClock(requestMs, options.nowMs, raw.presigned, options.honourExpires === true ? raw.expiresSeconds : undefined);

  const scope = credentialScope(raw.credential, options);
  const { accessKeyId, date, region, service } = scope;
  let scopeErrors = scope.errors;
  if (date.length !== 8 || !amzDate.startsWith(date)) {
    scopeErrors += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'. `;
  }
  if (scopeErrors !== '') throw new SignatureDoesNotMatchError(scopeErrors);

  const claim: { -readonly [K in keyof SigV4Claim]: SigV4Claim[K] } = { accessKeyId, date, region, service, signedHeaders, signature: raw.signature, amzDate, requestMs, presigned: raw.presigned };
  if (raw.securityToken !== undefined) claim.securityToken = raw.securityToken;
  if (raw.expiresSeconds !== undefined) claim.expiresSeconds = raw.expiresSeconds;
  return claim;
}
