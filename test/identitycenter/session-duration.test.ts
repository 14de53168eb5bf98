/** A permission set's SessionDuration: ISO-8601 durations and the PT1H–PT12H range. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSessionDuration, durationSeconds } from '../../src/identitycenter/admin/session-duration.js';

describe('session duration', () => {
  it('reads hours, minutes, seconds, days and weeks', () => {
    assert.equal(durationSeconds('PT1H'), 3600);
    assert.equal(durationSeconds('PT90M'), 5400);
    assert.equal(durationSeconds('PT3600S'), 3600);
    assert.equal(durationSeconds('PT1H30M15.5S'), 5415.5);
    assert.equal(durationSeconds('P1D'), 86_400);
    assert.equal(durationSeconds('P1W'), 604_800);
    assert.equal(durationSeconds('P1Y'), Infinity);
    assert.equal(durationSeconds('P0Y0M'), 0);
    assert.equal(durationSeconds('-PT2H'), -1);
    assert.equal(durationSeconds('2 hours'), undefined);
  });

  it('takes PT1H to PT12H inclusive', () => {
    for (const ok of ['PT1H', 'PT12H', 'PT60M', 'PT43200S', 'PT11H59M59S', 'P0DT4H']) assert.doesNotThrow(() => checkSessionDuration(ok), ok);
    for (const bad of ['PT59M', 'PT12H0.5S', 'P1D', 'P1M', '-PT2H', 'PT0S', 'PT', 'x']) assert.throws(() => checkSessionDuration(bad), /between PT1H and PT12H/, bad);
  });
});
