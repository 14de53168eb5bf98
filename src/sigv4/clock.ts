/**
 * Request-time checks. AWS accepts a signed request for 15 minutes either side of its own clock
 * (Common Error Types, RequestExpired; the messages below are SignatureDoesNotMatch, as IAM and
 * STS answer). A presigned URL is valid from 15 minutes before X-Amz-Date until X-Amz-Date plus
 * X-Amz-Expires; without X-Amz-Expires it gets the same 15-minute window.
 *
 * Note: real STS ignores X-Amz-Expires and always applies the 15-minute window (aws-sdk-go #2167,
 * aws-iam-authenticator #160); Rolegate honours X-Amz-Expires as S3 does, using the same message
 * with the X-Amz-Expires span in place of "15 min".
 */
import { SignatureDoesNotMatchError } from './errors.js';
import { formatAmzDate, formatSpan } from './time.js';

export const MAX_SKEW_SECONDS = 15 * 60;

export function checkClock(requestMs: number, nowMs: number, presigned: boolean, expiresSeconds?: number): void {
  if (!Number.isFinite(nowMs)) throw new TypeError('nowMs must be a finite number of milliseconds');
  const skewMs = MAX_SKEW_SECONDS * 1000;
  const lifetime = presigned && expiresSeconds !== undefined ? expiresSeconds : MAX_SKEW_SECONDS;
  // The timestamps are formatted only for the error (this runs on every request).
  const req = (): string => formatAmzDate(requestMs);
  const now = (): string => formatAmzDate(nowMs);
  if (requestMs < nowMs - lifetime * 1000) {
    throw new SignatureDoesNotMatchError(
      `Signature expired: ${req()} is now earlier than ${formatAmzDate(nowMs - lifetime * 1000)} (${now()} - ${formatSpan(lifetime)}.)`,
    );
  }
  if (requestMs > nowMs + skewMs) {
    throw new SignatureDoesNotMatchError(
      `Signature not yet current: ${req()} is still later than ${formatAmzDate(nowMs + skewMs)} (${now()} + ${formatSpan(MAX_SKEW_SECONDS)}.)`,
    );
  }
}
