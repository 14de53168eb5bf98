/**
 * Runs the store conformance suite on SQLite (a temp file) and on PostgreSQL (a throwaway cluster).
 * Without PostgreSQL installed the PostgreSQL half is skipped locally but FAILS under CI, so a CI
 * machine that lost its install step cannot pass by silently testing one backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresUnavailable } from '../support/postgres.js';
import { conformance } from './conformance.js';
import { postgresBackend, sqliteBackend } from './harness.js';

conformance(sqliteBackend());

const missing = postgresUnavailable();
if (missing && !process.env['CI']) {
  test('store conformance: postgres', { skip: missing }, () => undefined);
} else {
  // Under CI a missing PostgreSQL is an explicit failure (the suite's hook would only cancel).
  if (missing) test('PostgreSQL is installed (required under CI)', () => assert.fail(missing));
  conformance(postgresBackend());
}
