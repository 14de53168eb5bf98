/**
 * The client side of IAM Roles Anywhere CreateSession, as AWS's credential helper
 * (`aws_signing_helper`) makes the call: the certificate and its private key read from files, the
 * request `POST /sessions?profileArn=…&roleArn=…&trustAnchorArn=…` with a JSON body
 * `{"durationSeconds": N[, "roleSessionName": "…"]}`, signed with the certificate's key
 * (src/sigv4/x509.ts), the first credential set of the answer returned.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 *
 * Keys: PEM PKCS#8 ("PRIVATE KEY", RSA or EC), PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE
 * KEY"). An encrypted key is refused before anything is parsed (no prompt, no passphrase option);
 * no message ever holds a line of a key file.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signX509Request } from '../sigv4/x509.js';
import { serialDecimal } from '../sigv4/x509-certificate.js';
import type { SigV4Request } from '../sigv4/index.js';
import { ServiceError } from './aws-client.js';

/** A key, certificate or bundle file larger than this is not one (refused unread). */
const MAX_FILE_BYTES = 1024 * 1024;

export interface SigningMaterial {
  readonly certificate: X509Certificate;
  readonly intermediates: readonly X509Certificate[];
  readonly privateKey: KeyObject;
}

/** Why the signing material cannot be used: a message that names files, never their contents. */
export class MaterialError extends Error {}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

interface PemBlock {
  readonly label: string;
  readonly text: string;
  readonly body: string;
}

function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1]!, text: m[0], body: m[2]! }));
}

function readBounded(file: string, what: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new MaterialError(`cannot read the ${what} ${file} (${code})`);
  }
  if (data.length > MAX_FILE_BYTES) throw new MaterialError(`the ${what} ${file} is larger than ${MAX_FILE_BYTES} bytes`);
  return data;
}

function parseCertificate(data: Buffer | string, where: string): X509Certificate {
  try {
    const cert = new X509Certificate(data);
    // DER: the whole file is the certificate (nothing after it).
    if (typeof data !== 'string' && !cert.raw.equals(data)) throw new Error('trailing bytes');
    return cert;
  } catch {
    throw new MaterialError(`${where} is not an X.509 certificate`);
  }
}

/** The signing certificate: PEM (its first CERTIFICATE block) or DER. */
export function parseLeafCertificate(data: Buffer, file: string): X509Certificate {
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const block = pemBlocks(text).find((b) => b.label === 'CERTIFICATE');
    if (block === undefined) throw new MaterialError(`the certificate file ${file} holds no PEM CERTIFICATE block`);
    return parseCertificate(block.text, `the certificate in ${file}`);
  }
  return parseCertificate(data, `the certificate file ${file} (neither PEM nor DER)`);
}

/** The intermediates: every CERTIFICATE block of a PEM bundle, in order (at least one). */
export function parseBundle(data: Buffer, file: string): X509Certificate[] {
  const blocks = pemBlocks(data.toString('latin1')).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length === 0) throw new MaterialError(`the intermediates file ${file} holds no PEM CERTIFICATE block`);
  return blocks.map((b, i) => parseCertificate(b.text, `certificate ${i + 1} of ${file}`));
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

/**
 * The private key of a PEM file. Encrypted keys — PKCS#8 "ENCRYPTED PRIVATE KEY", or a PKCS#1/SEC1
 * block with "Proc-Type: 4,ENCRYPTED" (OpenSSL's legacy encryption) — are refused: this command
 * never prompts, and a passphrase on its command line would be in `ps` for every user to read.
 */
export function parsePrivateKey(data: Buffer, file: string): KeyObject {
  const blocks = pemBlocks(data.toString('latin1'));
  const encrypted = blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY' || (KEY_LABELS.has(b.label) && /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(b.body)));
  if (encrypted) {
    throw new MaterialError(`the private key in ${file} is encrypted; encrypted keys are not supported: decrypt it to a file only you can read (openssl pkcs8 -in KEY -out PLAIN.pem) or keep it unencrypted with mode 0600`);
  }
  const keys = blocks.filter((b) => KEY_LABELS.has(b.label));
  if (keys.length === 0) throw new MaterialError(`the private key file ${file} holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)`);
  if (keys.length > 1) throw new MaterialError(`the private key file ${file} holds ${keys.length} private keys; give one`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keys[0]!.text, format: 'pem' });
  } catch {
    throw new MaterialError(`the private key in ${file} cannot be read as a PEM ${keys[0]!.label}`);
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new MaterialError(`the private key in ${file} is ${key.asymmetricKeyType ?? 'of an unknown type'}; Roles Anywhere signs with RSA or EC keys`);
  }
  return key;
}

/** The certificate, its key (which must be the certificate's) and the intermediates, from files. */
export function loadSigningMaterial(files: { readonly certificate: string; readonly privateKey: string; readonly intermediates?: string | undefined }): SigningMaterial {
  const certificate = parseLeafCertificate(readBounded(files.certificate, 'certificate file'), files.certificate);
  const privateKey = parsePrivateKey(readBounded(files.privateKey, 'private key file'), files.privateKey);
  if (!certificate.checkPrivateKey(privateKey)) throw new MaterialError(`the private key in ${files.privateKey} is not the key of the certificate in ${files.certificate}`);
  const intermediates = files.intermediates === undefined ? [] : parseBundle(readBounded(files.intermediates, 'intermediates file'), files.intermediates);
  return { certificate, intermediates, privateKey };
}

export interface SessionParams {
  /** The Roles Anywhere endpoint (Rolegate's URL); its path, if any, is the prefix of /sessions. */
  readonly endpoint: URL;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** The signing region (the trust anchor's unless given). */
  readonly region: string;
  readonly durationSeconds: number;
  readonly roleSessionName?: string | undefined;
}

/** RFC 3986 encoding, as SigV4's canonical query string has it. */
const encode = (v: string): string => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signed CreateSession request and the URL to send it to. Pure (the clock passed in). */
export function createSessionRequest(p: SessionParams, m: SigningMaterial, nowMs: number): { url: URL; request: SigV4Request; body: string } {
  const base = p.endpoint.pathname.replace(/\/+$/, '');
  const path = `${base}/sessions`;
  const query = [`profileArn=${encode(p.profileArn)}`, `roleArn=${encode(p.roleArn)}`, `trustAnchorArn=${encode(p.trustAnchorArn)}`].join('&');
  const body = JSON.stringify({ durationSeconds: p.durationSeconds, ...(p.roleSessionName === undefined ? {} : { roleSessionName: p.roleSessionName }) });
  const unsigned: SigV4Request = { method: 'POST', path, query, headers: { host: p.endpoint.host, 'content-type': 'application/json' }, body };
  const request = signX509Request(unsigned, { certificate: m.certificate, intermediates: m.intermediates, privateKey: m.privateKey, region: p.region, nowMs });
  const url = new URL(p.endpoint.href);
  url.pathname = path;
  url.search = `?${query}`;
  return { url, request, body };
}

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** As the server wrote it (ISO 8601), and in epoch milliseconds. */
  readonly expiration: string;
  readonly expiresAt: number;
  readonly roleArn: string;
  readonly sessionArn: string;
}

/** The first credential set of a CreateSession answer; a refusal as a ServiceError. */
export function parseCreateSession(status: number, text: string, errorType?: string | null): SessionCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (status < 200 || status > 299) {
    // REST-JSON errors: X-Amzn-ErrorType ("Code:…" possibly), else the body's __type / code.
    const raw = errorType ?? (typeof o.__type === 'string' ? o.__type : typeof o.code === 'string' ? o.code : `HTTP ${status}`);
    const type = raw.split(':')[0]!.replace(/^.*#/, '');
    const message = typeof o.message === 'string' ? o.message : typeof o.Message === 'string' ? o.Message : '';
    throw new ServiceError(status, type.replace(/Exception$/, ''), message, type);
  }
  const set = Array.isArray(o.credentialSet) ? (o.credentialSet[0] as Record<string, unknown> | undefined) : undefined;
  const c = (set?.credentials ?? {}) as Record<string, unknown>;
  const user = (set?.assumedRoleUser ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const out = {
    accessKeyId: str(c.accessKeyId),
    secretAccessKey: str(c.secretAccessKey),
    sessionToken: str(c.sessionToken),
    expiration: str(c.expiration),
    expiresAt: Date.parse(str(c.expiration)),
    roleArn: str(set?.roleArn),
    sessionArn: str(user.arn),
  };
  if (out.accessKeyId === '' || out.secretAccessKey === '' || out.sessionToken === '' || !Number.isFinite(out.expiresAt)) {
    throw new ServiceError(status, 'InvalidResponse', 'unable to obtain temporary security credentials from CreateSession');
  }
  return out;
}

/** One CreateSession call. `debug` gets lines without secrets (no signature, token or key). */
export async function createSession(p: SessionParams, m: SigningMaterial, debug?: (line: string) => void): Promise<SessionCredentials> {
  const { url, request, body } = createSessionRequest(p, m, Date.now());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (v !== undefined && k !== 'host') headers[k] = Array.isArray(v) ? v.join(',') : String(v);
  debug?.(`POST ${url.href} as certificate serial ${serialDecimal(m.certificate)} (${m.intermediates.length} intermediate(s)), region ${p.region}`);
  let res: Response;
  try {
    // No redirect followed: the signed request goes to the endpoint named, nowhere else.
    res = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? ((e.cause as NodeJS.ErrnoException).code ?? e.cause.message) : e instanceof Error ? e.message : String(e);
    throw new Error(`CreateSession at ${url.origin} failed: ${cause}`);
  }
  const text = await res.text();
  debug?.(`CreateSession answered HTTP ${res.status}`);
  return parseCreateSession(res.status, text, res.headers.get('x-amzn-errortype'));
}
