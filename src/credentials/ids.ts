/**
 * Identifiers in AWS's formats. Access key ids encode the account as AWS's do, so the account can
 * be read from the key id alone (sts:GetAccessKeyInfo): after the four-letter prefix, 16 base32
 * characters = 10 bytes whose first 48 bits hold the account id in bits 7..46.
 * (AWS documents that GetAccessKeyInfo needs only the key id; the bit layout is public research
 * on real AWS key ids.)
 */
import { randomBytes } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const B32_CODES = Buffer.from(B32, 'latin1');

/** RFC 4648 base32 without padding (AWS key ids, unique ids, TOTP seeds). */
export function base32(bytes: Uint8Array): string {
  const out = Buffer.allocUnsafe(Math.ceil((bytes.length * 8) / 5));
  let n = 0;
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xfff; // at most 12 bits are ever pending
    bits += 8;
    while (bits >= 5) {
      out[n++] = B32_CODES[(value >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
  }
  if (bits > 0) out[n++] = B32_CODES[(value << (5 - bits)) & 31]!;
  return out.toString('latin1', 0, n);
}

function unbase32(s: string): Uint8Array | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s) {
    const v = B32.indexOf(c);
    if (v < 0) return undefined;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

export type KeyPrefix = 'AKIA' | 'ASIA';

/** A 20-character access key id carrying `account` (12 digits). */
export function newAccessKeyId(prefix: KeyPrefix, account: string, random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(10);
  // account·2^7 + 7 random bits < 2^47: exact in a double, no BigInt needed.
  let z = Number(account) * 128 + (bytes[5]! & 0x7f);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = z % 256;
    z = Math.floor(z / 256);
  }
  return prefix + base32(bytes);
}

/** The account an AKIA/ASIA key id belongs to, or undefined when it is not such an id. */
export function accountOfAccessKeyId(keyId: string): string | undefined {
  if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(keyId)) return undefined;
  const bytes = unbase32(keyId.slice(4));
  if (!bytes || bytes.length < 6) return undefined;
  let z = 0n;
  for (let i = 0; i < 6; i++) z = (z << 8n) | BigInt(bytes[i]!);
  const account = (z & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

/** Unique ids: AIDA (user), AROA (role), ANPA (policy), AIPA (instance profile), AGPA (group). */
export function newUniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AIPA' | 'AGPA', random: (n: number) => Uint8Array = randomBytes): string {
  return prefix + base32(random(11)).slice(0, 17);
}

const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A 40-character secret access key. */
const SECRET_CODES = Buffer.from(SECRET_CHARS, 'latin1');

export function newSecretAccessKey(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(40);
  const out = Buffer.allocUnsafe(40);
  for (let i = 0; i < 40; i++) out[i] = SECRET_CODES[bytes[i]! & 63]!;
  return out.toString('latin1');
}

/** A random 12-digit account id (not starting with 0, as AWS's never do in practice). */
export function newAccountId(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(8);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return (100000000000n + (n % 900000000000n)).toString();
}
