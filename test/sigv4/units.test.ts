/** The small pieces: encoding, paths, query order, header values, key cache, comparison. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalPath,
  canonicalQuery,
  clearSigningKeyCache,
  deriveSigningKey,
  parseQuery,
  SIGNING_KEY_CACHE_SIZE,
  signaturesEqual,
  signingKey,
  signingKeyCacheSize,
  uriEncode,
} from '../../src/sigv4/index.js';
import { canonicalHeaderValue } from '../../src/sigv4/headers.js';

describe('URI encoding', () => {
  it('leaves only unreserved characters; space is %20; upper-case hex', () => {
    assert.equal(uriEncode("a b+c/d*e~f'g(h)!ሴ"), 'a%20b%2Bc%2Fd%2Ae~f%27g%28h%29%21%E1%88%B4');
    assert.equal(uriEncode('/a b/', true), '/a%20b/');
  });
});

describe('canonical path (non-S3: normalised, encoded once more)', () => {
  for (const [raw, canon] of [
    ['', '/'],
    ['/', '/'],
    ['//example//', '/example/'],
    ['/example1/example2/../..', '/'],
    ['/./example', '/example'],
    ['/a/b/../c/./d/', '/a/c/d/'],
    ['/a%20b', '/a%2520b'],
    ['/ሴ', '/%E1%88%B4'],
  ] as const) {
    it(`${JSON.stringify(raw)} -> ${canon}`, () => assert.equal(canonicalPath(raw), canon));
  }
  it('S3-style raw path is kept', () => assert.equal(canonicalPath('//a/../b%20c', true), '//a/../b%20c'));
});

describe('query', () => {
  it('decodes "+" as a space and re-encodes %20', () => assert.equal(canonicalQuery(parseQuery('a=b+c&d=e%20f'), false), 'a=b%20c&d=e%20f'));
  it('sorts by encoded name, then value; a bare name gets "="', () =>
    assert.equal(canonicalQuery(parseQuery('b=2&a=2&a=1&c&A=z'), false), 'A=z&a=1&a=2&b=2&c='));
  it('drops X-Amz-Signature only when presigned', () => {
    assert.equal(canonicalQuery(parseQuery('X-Amz-Signature=ab&x=1'), true), 'x=1');
    assert.equal(canonicalQuery(parseQuery('X-Amz-Signature=ab&x=1'), false), 'X-Amz-Signature=ab&x=1');
  });
  it('normalises lower-case escapes and over-encoded unreserved characters', () =>
    assert.equal(canonicalQuery(parseQuery('k=%e1%88%b4%41'), false), 'k=%E1%88%B4A'));
});

describe('header values', () => {
  it('trim, collapse inner whitespace, join repeats with ","', () => {
    assert.equal(canonicalHeaderValue(['  a   b \t c  ', 'd']), 'a b c,d');
    assert.equal(canonicalHeaderValue([]), '');
  });
});

describe('signing key cache', () => {
  it('returns the derived key and stays bounded', () => {
    clearSigningKeyCache();
    const k = signingKey('secret', '20150830', 'us-east-1', 'iam');
    assert.deepEqual(k, deriveSigningKey('secret', '20150830', 'us-east-1', 'iam'));
    assert.equal(signingKey('secret', '20150830', 'us-east-1', 'iam'), k, 'a hit returns the cached buffer');
    for (let i = 0; i < SIGNING_KEY_CACHE_SIZE + 100; i++) signingKey(`s${i}`, '20150830', 'us-east-1', 'iam');
    assert.equal(signingKeyCacheSize(), SIGNING_KEY_CACHE_SIZE);
  });
  it('the AWS documentation example key', () =>
    // "Create a signed AWS API request", step 4 (example secret, 20150830, us-east-1, iam).
    assert.equal(
      deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam').toString('hex'),
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    ));
});

describe('constant-time comparison', () => {
  it('equal, unequal, different lengths', () => {
    assert.equal(signaturesEqual('ab'.repeat(32), 'ab'.repeat(32)), true);
    assert.equal(signaturesEqual('ab'.repeat(32), `${'ab'.repeat(31)}ac`), false);
    assert.equal(signaturesEqual('ab'.repeat(32), 'ab'), false);
    assert.equal(signaturesEqual('ab'.repeat(32), ''), false);
  });
});
