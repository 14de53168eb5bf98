/**
 * The request signature of IAM Roles Anywhere CreateSession ("The IAM Roles Anywhere authentication
 * signing process", https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html):
 * SigV4's canonical request (shared with sigv4/, not re-implemented), and
 *   string to sign = <algorithm> \n <X-Amz-Date> \n <date>/<region>/rolesanywhere/aws4_request \n hex(sha256(creq))
 *   algorithm      = AWS4-X509-RSA-SHA256 | AWS4-X509-ECDSA-SHA256
 *   Credential     = <leaf serial number in decimal>/<scope>
 *   X-Amz-X509     = base64 DER of the signing (leaf) certificate
 *   X-Amz-X509-Chain = comma-separated base64 DER of the intermediates
 *   Signature      = hex of the RSA PKCS#1 v1.5 (SHA-256) or ECDSA (SHA-256, DER) signature of the
 *                    string to sign, made with the leaf's private key.
 *
 * Pure: no store, no HTTP, the clock passed in. Nothing here is secret (the signature is verified
 * with a public key), so no comparison needs to be constant-time; the payload hash a client claims
 * is still held to the body received, so a captured request cannot be replayed with another body.
 */
import { sign, verify } from 'node:crypto';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { bodyHash, canonicalRequest, credentialScope, firstHeader, formatAmzDate, MAX_SKEW_SECONDS, sha256Hex } from './index.js';
import type { SigV4Request } from './index.js';
import { costlyRsaKey, parseCertificateList, parseDerCertificate, serialDecimal, MAX_CHAIN_LENGTH, MAX_RSA_BITS } from './x509-certificate.js';

export const X509_RSA = 'AWS4-X509-RSA-SHA256';
export const X509_ECDSA = 'AWS4-X509-ECDSA-SHA256';
/** What every X.509 algorithm's Authorization header starts with. */
export const X509_PREFIX = 'AWS4-X509-';
export type X509Algorithm = typeof X509_RSA | typeof X509_ECDSA;
export const ROLESANYWHERE_SERVICE = 'rolesanywhere';

/** Why a request's signature was refused; the server maps each to AWS's error. */
export type X509SignatureRefusal =
  | 'MissingAuthorization'
  | 'UnknownAlgorithm'
  | 'MalformedAuthorization'
  | 'MissingHeader'
  | 'UnsignedHeader'
  | 'MalformedCertificate'
  | 'ChainTooLong'
  | 'SerialMismatch'
  | 'ScopeMismatch'
  | 'ClockSkew'
  | 'PayloadHashMismatch'
  | 'KeyAlgorithmMismatch'
  | 'UnsupportedKey'
  | 'BadSignature';

export interface X509Refusal {
  readonly ok: false;
  readonly reason: X509SignatureRefusal;
  /** Safe to return to the client: never a signature, key or whole header. */
  readonly message: string;
}

export interface X509Verified {
  readonly ok: true;
  readonly algorithm: X509Algorithm;
  readonly leaf: X509Certificate;
  /** The intermediates as sent, in order (not yet validated: see chain.ts). */
  readonly intermediates: readonly X509Certificate[];
  /** The leaf serial number in decimal, as in the credential. */
  readonly serial: string;
  readonly region: string;
  readonly requestMs: number;
}

export interface X509SignInput {
  /** The leaf certificate (DER bytes or a parsed certificate). */
  readonly certificate: X509Certificate;
  readonly intermediates?: readonly X509Certificate[];
  readonly privateKey: KeyObject;
  readonly region: string;
  readonly nowMs: number;
}

function refuse(reason: X509SignatureRefusal, message: string): X509Refusal {
  return { ok: false, reason, message };
}

function algorithmFor(key: KeyObject): X509Algorithm | undefined {
  if (key.asymmetricKeyType === 'rsa') return X509_RSA;
  if (key.asymmetricKeyType === 'ec') return X509_ECDSA;
  return undefined;
}

function stringToSignX509(algorithm: X509Algorithm, amzDate: string, scope: string, creq: string): string {
  return `${algorithm}\n${amzDate}\n${scope}\n${sha256Hex(creq)}`;
}

/**
 * Sign a request as aws_signing_helper does: adds X-Amz-Date, X-Amz-X509, X-Amz-X509-Chain (when
 * there are intermediates) and Authorization; signs every header the request then carries.
 */
export function signX509Request(req: SigV4Request, input: X509SignInput): SigV4Request {
  const algorithm = algorithmFor(input.privateKey);
  if (algorithm === undefined) throw new TypeError('Roles Anywhere signs with an RSA or EC private key');
  const amzDate = formatAmzDate(input.nowMs);
  const scope = { date: amzDate.slice(0, 8), region: input.region, service: ROLESANYWHERE_SERVICE };
  const headers: Record<string, string | readonly string[] | undefined> = { ...req.headers };
  delete headers.authorization;
  headers['x-amz-date'] = amzDate;
  headers['x-amz-x509'] = input.certificate.raw.toString('base64');
  const chain = input.intermediates ?? [];
  if (chain.length > 0) headers['x-amz-x509-chain'] = chain.map((c) => c.raw.toString('base64')).join(',');
  const signedHeaders = Object.keys(headers)
    .filter((h) => headers[h] !== undefined)
    .map((h) => h.toLowerCase())
    .sort();
  const claim = { ...scope, amzDate, signedHeaders, presigned: false };
  const unsigned: SigV4Request = { ...req, headers };
  const sts = stringToSignX509(algorithm, amzDate, credentialScope(scope), canonicalRequest(claim, unsigned));
  // RSA: PKCS#1 v1.5 (the default padding for an RSA key); ECDSA: DER-encoded (r, s).
  const signature = sign('sha256', Buffer.from(sts, 'utf8'), input.privateKey).toString('hex');
  const credential = `${serialDecimal(input.certificate)}/${credentialScope(scope)}`;
  return {
    ...unsigned,
    headers: { ...headers, authorization: `${algorithm} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` },
  };
}

interface ParsedAuth {
  readonly algorithm: X509Algorithm;
  readonly serial: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: Buffer;
}

const SERIAL = /^(0|[1-9][0-9]{0,49})$/; // RFC 5280 4.1.2.2: at most 20 octets (< 10^49)
const DATE = /^\d{8}$/;
const REGION = /^[a-z0-9-]{1,64}$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const HEX = /^(?:[0-9a-f]{2}){1,1024}$/;

function parseAuthorizationX509(value: string): ParsedAuth | X509Refusal {
  const header = value.trim();
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== X509_RSA && algorithm !== X509_ECDSA) {
    return refuse('UnknownAlgorithm', `Unsupported signing algorithm; expected ${X509_RSA} or ${X509_ECDSA}.`);
  }
  const params = new Map<string, string>();
  for (const part of header.slice(algorithm.length).split(/[\s,]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return refuse('MalformedAuthorization', 'Authorization parameters must be key=value pairs.');
    const key = part.slice(0, eq);
    if (params.has(key)) return refuse('MalformedAuthorization', `Authorization parameter ${key} is repeated.`);
    params.set(key, part.slice(eq + 1));
  }
  const credential = params.get('Credential');
  const signedHeadersText = params.get('SignedHeaders');
  const signature = params.get('Signature');
  if (credential === undefined || signedHeadersText === undefined || signature === undefined) {
    return refuse('MalformedAuthorization', 'Authorization requires Credential, SignedHeaders and Signature.');
  }
  const parts = credential.split('/');
  const [serial, date, region, service, terminator] = parts;
  if (parts.length !== 5 || serial === undefined || date === undefined || region === undefined || service === undefined || terminator !== 'aws4_request') {
    return refuse('MalformedAuthorization', 'Credential must be <serial>/<date>/<region>/rolesanywhere/aws4_request.');
  }
  if (!SERIAL.test(serial)) return refuse('MalformedAuthorization', 'The credential must name the certificate serial number in decimal.');
  if (!DATE.test(date) || !REGION.test(region)) return refuse('MalformedAuthorization', 'Malformed credential scope.');
  const signedHeaders = signedHeadersText.split(';');
  const sorted = [...signedHeaders].sort();
  if (signedHeaders.some((h, i) => !HEADER_NAME.test(h) || h !== sorted[i] || (i > 0 && h === sorted[i - 1]))) {
    return refuse('MalformedAuthorization', 'SignedHeaders must be lower-case header names, sorted, without repeats.');
  }
  if (!HEX.test(signature)) return refuse('MalformedAuthorization', 'The signature must be lower-case hex.');
  return { algorithm, serial, date, region, service, signedHeaders, signature: Buffer.from(signature, 'hex') };
}

/** Headers the signature must cover: without them a captured signature could carry another leaf or time. */
const MUST_SIGN = ['host', 'x-amz-date', 'x-amz-x509'] as const;

/** X-Amz-Date in ISO 8601 basic format only (the string to sign repeats it as sent). */
function parseBasicDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : undefined;
}

/**
 * A certificate's public key as verification needs it, read once per certificate object (the
 * parsed-certificate cache hands a workload's leaf back as one object; reading the key from the
 * DER each time cost more than the signature check): null when OpenSSL cannot read it.
 */
const KEYS = new WeakMap<X509Certificate, { readonly publicKey: KeyObject; readonly algorithm: X509Algorithm | undefined; readonly costly: boolean } | null>();

function leafKey(leaf: X509Certificate) {
  let k = KEYS.get(leaf);
  if (k === undefined) {
    try {
      const publicKey = leaf.publicKey;
      k = { publicKey, algorithm: algorithmFor(publicKey), costly: costlyRsaKey(publicKey) };
    } catch {
      k = null;
    }
    KEYS.set(leaf, k);
  }
  return k;
}

export interface X509VerifyOptions {
  readonly nowMs: number;
  /** The region this endpoint serves; omitted: any well-formed region. */
  readonly region?: string;
}

/**
 * Verify a CreateSession request's signature. Checks, in order: Authorization form and algorithm,
 * required headers (present and signed), certificates well-formed, credential serial = leaf
 * serial, scope, clock (15 minutes either side, as SigV4), payload hash, key type and size, signature.
 */
export function verifyX509Request(req: SigV4Request, options: X509VerifyOptions): X509Verified | X509Refusal {
  if (!Number.isFinite(options.nowMs)) throw new TypeError('nowMs must be a finite number of milliseconds');
  const authorization = firstHeader(req.headers, 'authorization');
  if (authorization === undefined) return refuse('MissingAuthorization', 'The request is not signed.');
  const auth = parseAuthorizationX509(authorization);
  if ('ok' in auth) return auth;

  // One line each: a repeated header is signed as "a,b" but would be read as "a" alone.
  for (const name of ['authorization', 'x-amz-date', 'x-amz-x509', 'x-amz-x509-chain']) {
    const values = req.headers[name];
    if (Array.isArray(values) && values.length > 1) return refuse('MalformedAuthorization', `The ${name} header must be sent once.`);
  }
  const amzDate = firstHeader(req.headers, 'x-amz-date');
  const leafText = firstHeader(req.headers, 'x-amz-x509');
  const chainText = firstHeader(req.headers, 'x-amz-x509-chain');
  if (amzDate === undefined) return refuse('MissingHeader', 'The request must carry X-Amz-Date.');
  if (leafText === undefined) return refuse('MissingHeader', 'The request must carry X-Amz-X509.');
  for (const name of [...MUST_SIGN, ...(chainText === undefined ? [] : ['x-amz-x509-chain'])]) {
    if (!auth.signedHeaders.includes(name)) return refuse('UnsignedHeader', `${name} must be a signed header.`);
  }

  const leaf = parseDerCertificate(leafText);
  if (leaf === undefined) return refuse('MalformedCertificate', 'X-Amz-X509 is not a base64 DER X.509 certificate.');
  const intermediates = chainText === undefined ? [] : parseCertificateList(chainText, MAX_CHAIN_LENGTH - 1);
  if (intermediates === 'too-long') return refuse('ChainTooLong', `X-Amz-X509-Chain may carry at most ${MAX_CHAIN_LENGTH - 1} certificates.`);
  if (intermediates === undefined) return refuse('MalformedCertificate', 'X-Amz-X509-Chain is not a comma-separated list of base64 DER X.509 certificates.');

  const serial = serialDecimal(leaf);
  if (auth.serial !== serial) return refuse('SerialMismatch', 'The credential serial number does not match the certificate in X-Amz-X509.');
  if (auth.service !== ROLESANYWHERE_SERVICE) return refuse('ScopeMismatch', `The credential scope must name the service ${ROLESANYWHERE_SERVICE}.`);
  if (options.region !== undefined && auth.region !== options.region) return refuse('ScopeMismatch', `The credential scope must name the region ${options.region}.`);

  const requestMs = parseBasicDate(amzDate);
  if (requestMs === undefined) return refuse('MalformedAuthorization', "X-Amz-Date must be in ISO 8601 basic format (yyyymmddThhmmssZ).");
  if (amzDate.slice(0, 8) !== auth.date) return refuse('ScopeMismatch', 'The credential scope date must be the date of X-Amz-Date.');
  if (Math.abs(requestMs - options.nowMs) > MAX_SKEW_SECONDS * 1000) {
    return refuse('ClockSkew', `Signature expired or not yet current: X-Amz-Date must be within ${MAX_SKEW_SECONDS / 60} minutes of the server's time.`);
  }
  const claimedHash = firstHeader(req.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== bodyHash(req)) {
    return refuse('PayloadHashMismatch', 'X-Amz-Content-Sha256 is not the hash of the request body.');
  }

  const key = leafKey(leaf);
  // A key of an algorithm OpenSSL cannot read (an unknown OID, explicit curve parameters): node throws.
  if (key === null) return refuse('MalformedCertificate', 'The public key of the certificate in X-Amz-X509 cannot be read.');
  if (key.algorithm !== auth.algorithm) {
    return refuse('KeyAlgorithmMismatch', `The certificate's key does not match the algorithm ${auth.algorithm}.`);
  }
  // Before the one public-key operation an anonymous request buys: its cost is the key's to choose.
  if (key.costly) {
    return refuse('UnsupportedKey', `The certificate's RSA key must have at most ${MAX_RSA_BITS} bits and a public exponent below 2^31.`);
  }
  const publicKey = key.publicKey;
  const claim = { date: auth.date, region: auth.region, service: auth.service, amzDate, signedHeaders: auth.signedHeaders, presigned: false };
  const sts = stringToSignX509(auth.algorithm, amzDate, credentialScope(claim), canonicalRequest(claim, req));
  let good = false;
  try {
    good = verify('sha256', Buffer.from(sts, 'utf8'), publicKey, auth.signature);
  } catch {
    good = false; // a malformed ECDSA DER signature throws in some OpenSSL versions
  }
  if (!good) return refuse('BadSignature', 'The request signature does not verify with the certificate in X-Amz-X509.');
  return { ok: true, algorithm: auth.algorithm, leaf, intermediates, serial, region: auth.region, requestMs };
}
