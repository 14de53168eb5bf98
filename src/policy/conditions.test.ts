import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDate } from './conditions.js';
import { requestContext } from './context.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
describe('parseDate', () => {
  it('reads a date-time without a zone as UTC, independent of the host time zone', () => {
    assert.equal(parseDate('2020-01-01T02:00:00'), Date.UTC(2020, 0, 1, 2));
    assert.equal(parseDate('2020-01-01T02:00'), Date.UTC(2020, 0, 1, 2));
    assert.equal(parseDate('2020-01-01T02'), Date.UTC(2020, 0, 1, 2));
    assert.equal(parseDate('2020-01-01'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-02'), Date.UTC(2020, 1, 1));
  });
  it('honours zones and fractional seconds', () => {
    assert.equal(parseDate('2020-01-01T01:00:00+01:00'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-01-01T01:00:00+0100'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2019-12-31T19:00:00-05:00'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-01-01t00:00:00.123456z'), Date.UTC(2020, 0, 1, 0, 0, 0, 123));
    assert.equal(parseDate('2020-01-01T00:00:00.5Z'), Date.UTC(2020, 0, 1, 0, 0, 0, 500));
  });
  it('reads all-digit values as epoch seconds', () => {
    assert.equal(parseDate('1577836800'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate(' 0 '), 0);
  });
  it('rejects what is not a date instead of rolling it over', () => {
    for (const bad of ['2020-02-30', '2021-02-29', '2020-13-01', '2020-01-01T24:00:00Z', '2020-01-01T00:60Z', '2020-01-01T00:00:00+24:00',
      '2020-01-01 00:00:00', '2020-01-01garbage', 'Wed, 01 Jan 2020 00:00:00 GMT', '', '-1', '2020-01-01T00:00:00.Z']) {
      assert.equal(parseDate(bad), undefined, bad);
    }
    assert.equal(parseDate('2020-02-29'), Date.UTC(2020, 1, 29));
  });
});

describe('requestContext', () => {
  it('throws TypeError (caller misuse), not RangeError, for times a Date cannot hold', () => {
    for (const now of [NaN, Infinity, 1e20, new Date('not a date')]) {
      assert.throws(() => requestContext({ now }), TypeError);
    }
    assert.throws(() => requestContext({ now: 0, tokenIssueTime: NaN }), TypeError);
    assert.equal(requestContext({ now: 0 })['aws:CurrentTime'], '1970-01-01T00:00:00Z');
  });
});
