/**
 * Decodes the base32 seed CreateVirtualMFADevice returned (the SDK hands back its ASCII bytes).
 * Written here, apart from src/credentials/ids.ts, so the tests do not trust the decoder under test.
 */
export function seedOf(b32: Uint8Array): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of Buffer.from(b32).toString('ascii')) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
