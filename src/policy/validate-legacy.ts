/**
 * IAM's "legacy parsing" pass ("The policy failed legacy parsing"): after the grammar and Version
 * checks, IAM re-reads each statement with its pre-2012 parser, which is stricter in two places
 * (moto's AWS-recorded cases: Effect "denY"/"aLLow"; DateGreaterThan "sdfdsf", "234-13",
 * "2016-12-13t2:00:00.593194+1", "9223372036854775808"):
 *  - Effect must be exactly "Allow" or "Deny" (the grammar accepted any letter case);
 *  - values of Date* operators must be ISO 8601 date-times or epoch seconds in 0..2^63-1.
 */
import { MalformedPolicyDocumentError } from './errors.js';
import { LEGACY_PARSING_MESSAGE } from './validate-messages.js';
import type { RawStatement } from './validate-syntax.js';
import { baseOperator } from './validate-syntax.js';

const MAX_EPOCH = 9223372036854775807n;

function legacyFail(): never {
  throw new MalformedPolicyDocumentError(LEGACY_PARSING_MESSAGE);
}

/** An integer as Python's int() reads it (optional sign, ASCII digits), or undefined. */
function parseInteger(s: string): bigint | undefined {
  let i = 0;
  if (s.startsWith('+') || s.startsWith('-')) i = 1;
  if (i >= s.length) return undefined;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return BigInt(s);
}

function intIn(s: string | undefined, min: bigint, max: bigint): boolean {
  if (s === undefined) return false;
  const n = parseInteger(s);
  return n !== undefined && n >= min && n <= max;
}

function checkIsoDateTime(value: string): void {
  const t = value.indexOf('t');
  const datePart = t < 0 ? value : value.slice(0, t);
  const timePart = t < 0 ? '' : value.slice(t + 1);
  const negative = datePart.startsWith('-');
  const dateParts = (negative ? datePart.slice(1) : datePart).split('-');
  const year = negative ? `-${dateParts[0] ?? ''}` : dateParts[0];
  // Java's Joda-Time year range, which IAM's parser inherits.
  if (!intIn(year, -292275054n, 292278993n)) legacyFail();
  if (dateParts.length > 1 && !intIn(dateParts[1], 1n, 12n)) legacyFail();
  if (dateParts.length > 2 && !intIn(dateParts[2], 1n, 31n)) legacyFail();
  if (dateParts.length >= 4) legacyFail();

  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !intIn(timeParts[0], 0n, 23n)) legacyFail();
  if (timeParts.length > 1 && !intIn(timeParts[1], 0n, 59n)) legacyFail();
  const secondsField = timeParts[2];
  if (secondsField === undefined) return;
  // Only the third field is examined further (a zone offset "+hh:mm" has split into fields 3 and 4;
  // IAM checks the hours only, as moto's recorded cases show).
  let seconds = secondsField;
  const z = secondsField.indexOf('z');
  const plus = secondsField.indexOf('+');
  if (z >= 0) {
    seconds = secondsField.slice(0, z);
    if (secondsField.slice(z + 1) !== '') legacyFail();
  } else if (plus >= 0) {
    seconds = secondsField.slice(0, plus);
    const zoneHours = secondsField.slice(plus + 1);
    if (zoneHours.length !== 2 || !intIn(zoneHours, 0n, 23n)) legacyFail();
  }
  const dot = seconds.indexOf('.');
  const whole = dot < 0 ? seconds : seconds.slice(0, dot);
  if (!intIn(whole, 0n, 59n)) legacyFail();
  if (dot >= 0 && !intIn(seconds.slice(dot + 1), 0n, 999999999n)) legacyFail();
}

function checkDateValue(raw: string): void {
  const value = raw.toLowerCase();
  if (value.includes('t') || value.includes('-')) checkIsoDateTime(value);
  else if (!intIn(value, 0n, MAX_EPOCH)) legacyFail();
}

/** Effect spelling and Date* values, statement by statement. */
export function checkLegacyStatements(statements: readonly RawStatement[]): void {
  for (const st of statements) {
    if (st.effect !== 'Allow' && st.effect !== 'Deny') legacyFail();
    const condition = st.condition;
    if (condition === undefined) continue;
    for (const operator of Object.keys(condition)) {
      if (!baseOperator(operator).startsWith('Date')) continue;
      const block = condition[operator] ?? {};
      for (const key of Object.keys(block)) for (const v of block[key] ?? []) checkDateValue(v);
    }
  }
}
