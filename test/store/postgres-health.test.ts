/** Unit tests of how PostgreSQL faults are told apart from errors a request caused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFault, isConnectionFault } from '../../src/store/postgres-health.js';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('PostgreSQL fault classification', () => {
  it('counts a database that is gone, going or refusing as a connection fault', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '08006', '08P01', '57P01', '57P02', '57P03', '53300', '28P01', '3D000']) {
      assert.equal(isConnectionFault(withCode(code)), true, code);
    }
    assert.equal(isConnectionFault(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isConnectionFault(new Error('timeout exceeded when trying to connect')), true);
    // The pool's query_timeout: the statement still awaits its answer on that connection.
    assert.equal(isConnectionFault(new Error('Query read timeout')), true);
    assert.equal(isConnectionFault(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')), true);
  });

  it('leaves SQL errors, races and a request’s own errors alone', () => {
    for (const code of ['40001', '40P01', '23505', '22P02', '42P01', '57014', 'NoSuchEntity', 'EntityAlreadyExists']) {
      assert.equal(isConnectionFault(withCode(code)), false, code);
    }
    assert.equal(isConnectionFault(new TypeError('store: key must be a string')), false);
    assert.equal(isConnectionFault(undefined), false);
  });

  it('describes a fault in one line, without its stack', () => {
    const line = describeFault(withCode('57P01', 'terminating connection due to administrator command\nDETAIL: more'));
    assert.equal(line, '57P01: terminating connection due to administrator command');
  });
});
