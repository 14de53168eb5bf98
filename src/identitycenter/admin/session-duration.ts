/**
 * A permission set's SessionDuration: an ISO-8601 duration (the model's pattern, checked by the
 * validator) of one to twelve hours — "the length of time that the application user sessions are
 * valid for" — as AWS accepts it (API_CreatePermissionSet; userguide howtosessionduration.html).
 */
import { ValidationError } from '../../core/errors.js';

const MIN_SECONDS = 3600;
const MAX_SECONDS = 12 * 3600;
const PARTS = /^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The duration in seconds; years and months (of no fixed length) count as too long. */
export function durationSeconds(text: string): number | undefined {
  const m = PARTS.exec(text);
  if (m === null) return undefined;
  const [, sign, years, months, days, unit, hours, minutes, seconds] = m;
  if (sign === '-') return -1;
  if (Number(years ?? 0) > 0 || Number(months ?? 0) > 0) return Infinity;
  const d = Number(days ?? 0) * (unit === 'W' ? 7 : 1);
  return d * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

export function checkSessionDuration(text: string): void {
  const s = durationSeconds(text);
  if (s === undefined || !(s >= MIN_SECONDS && s <= MAX_SECONDS)) {
    throw ValidationError(`The session duration ${text} is not valid: it must be between PT1H and PT12H.`);
  }
}
