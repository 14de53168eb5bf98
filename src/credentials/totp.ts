/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30-second steps,
 * 6 digits) — what AWS virtual MFA devices and authenticator apps compute.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const STEP_SECONDS = 30;

export function hotp(seed: Uint8Array, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', seed).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

export const stepAt = (nowMs: number): number => Math.floor(nowMs / 1000 / STEP_SECONDS);

/** The step within `window` of `step` whose code is `code`, or undefined. Constant-time per comparison. */
export function matchingStep(seed: Uint8Array, code: string, step: number, window: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const given = Buffer.from(code);
  for (let d = -window; d <= window; d++) {
    if (step + d < 0) continue;
    if (timingSafeEqual(Buffer.from(hotp(seed, step + d)), given)) return step + d;
  }
  return undefined;
}

/** RFC 4648 base32 without padding, as authenticator apps take seeds. */
export { base32 } from './ids.js';
