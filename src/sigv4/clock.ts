/**
 * Request-time checks. AWS accepts a signed request for 15 minutes either side of its own clock
 * (Common Error Types, RequestExpired; the messages below are SignatureDoesNotMatch, as IAM and
 * STS answer).
 *
 * Presigned URLs: IAM and STS ignore X-Amz-Expires and give a presigned request the same 15-minute
 * window from X-Amz-Date (aws-sdk-go #2167, aws-iam-authenticator #160, aws-sdk-ruby #2887: "the
 * expiration parameter is not considered"); an expired one gets the same "Signature expired ...
 * - 15 min." SignatureDoesNotMatch as a header-signed request. That is the default here
 * (`expiresSeconds` undefined). Only S3 honours X-Amz-Expires (up to 7 days): the caller passes
 * it when asked to (ParseOptions/VerifyOptions `honourExpires`), and the message then names that
 * span in place of "15 min".
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
