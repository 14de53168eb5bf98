/**
 * Reading an SSH public key as UploadSSHPublicKey accepts it: "The public key must be encoded in
 * ssh-rsa format or PEM format. The minimum bit-length of the public key is 2048 bits."
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 * Either form is reduced to the key's RFC 4253 blob (string "ssh-rsa", mpint e, mpint n): the
 * fingerprint is the MD5 of that blob (what `ssh-keygen -l -E md5` prints, and the API's
 * "MD5 message digest of the SSH public key"), so one key has one fingerprint in either form.
 */
import { type KeyObject, createHash, createPublicKey } from 'node:crypto';
import { InvalidPublicKey, UnrecognizedPublicKeyEncoding } from '../../core/errors.js';

export const MIN_RSA_BITS = 2048;
/** Beyond any key in use; keeps the work a hostile body can cause small (the body is 16 KiB at most). */
const MAX_RSA_BITS = 16384;

export interface SshPublicKey {
  /** The RFC 4253 public key blob. */
  readonly blob: Buffer;
  readonly key: KeyObject;
}

const unrecognized = (): Error => UnrecognizedPublicKeyEncoding('The public key encoding format is unsupported or unrecognized. Only ssh-rsa and PEM encoded RSA public keys are accepted.');
const invalid = (why: string): Error => InvalidPublicKey(`The public key is malformed or otherwise invalid: ${why}`);

const PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1PUBLIC KEY-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseSshPublicKey(body: string): SshPublicKey {
  const text = body.trim();
  if (text.startsWith('-----BEGIN')) return fromPem(text);
  const [type, data] = text.split(/[ \t]+/, 3);
  if (type !== 'ssh-rsa' || data === undefined) throw unrecognized();
  if (!BASE64.test(data) || data.length % 4 !== 0) throw invalid('the key data is not base64.');
  const blob = Buffer.from(data, 'base64');
  const { e, n } = readRsaBlob(blob);
  return { blob, key: checked(rsaKey(e, n)) };
}

/** `SSHPublicKeyBody` in the encoding GetSSHPublicKey asks for. */
export function encodeSshPublicKey(blob: Buffer, encoding: 'SSH' | 'PEM'): string {
  if (encoding === 'SSH') return `ssh-rsa ${blob.toString('base64')}`;
  const { e, n } = readRsaBlob(blob);
  return rsaKey(e, n).export({ type: 'spki', format: 'pem' }).toString();
}

/** "7a:1d:ea:…": the MD5 of the blob as colon-separated hex pairs. */
export function fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').replace(/(..)(?!$)/g, '$1:');
}

function fromPem(text: string): SshPublicKey {
  // Only a public key block: a private key or a certificate would also yield a public key.
  if (!PEM.test(text)) throw unrecognized();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw invalid('the PEM block does not hold a public key.');
  }
  if (key.asymmetricKeyType !== 'rsa') throw unrecognized();
  const jwk = key.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e ?? '', 'base64url');
  const n = Buffer.from(jwk.n ?? '', 'base64url');
  checked(key);
  return { blob: rsaBlob(e, n), key };
}

function checked(key: KeyObject): KeyObject {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw invalid(`the key has ${bits} bits; at least ${MIN_RSA_BITS} are required.`);
  if (bits > MAX_RSA_BITS) throw invalid(`the key has ${bits} bits; at most ${MAX_RSA_BITS} are accepted.`);
  return key;
}

function rsaKey(e: Buffer, n: Buffer): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'RSA', e: e.toString('base64url'), n: n.toString('base64url') }, format: 'jwk' });
  } catch {
    throw invalid('the RSA key is not valid.');
  }
}

/** RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n — and nothing after. */
function readRsaBlob(blob: Buffer): { e: Buffer; n: Buffer } {
  let at = 0;
  const next = (): Buffer => {
    if (at + 4 > blob.length) throw invalid('the key data is truncated.');
    const len = blob.readUInt32BE(at);
    if (len > blob.length - at - 4) throw invalid('the key data is truncated.');
    const out = blob.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    return out;
  };
  if (next().toString('latin1') !== 'ssh-rsa') throw invalid('the key type inside the data is not ssh-rsa.');
  const e = mpint(next());
  const n = mpint(next());
  if (at !== blob.length) throw invalid('the key data has trailing bytes.');
  if (e.length === 0 || n.length === 0 || (e[e.length - 1]! & 1) === 0) throw invalid('the RSA key is not valid.');
  return { e, n };
}

/** An mpint's magnitude without its sign byte; a negative value is no RSA parameter. */
function mpint(b: Buffer): Buffer {
  if (b.length > 0 && (b[0]! & 0x80) !== 0) throw invalid('the RSA key is not valid.');
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

function rsaBlob(e: Buffer, n: Buffer): Buffer {
  const part = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const signed = (b: Buffer): Buffer => ((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  return Buffer.concat([part(Buffer.from('ssh-rsa', 'latin1')), part(signed(e)), part(signed(n))]);
}
