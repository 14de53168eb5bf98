/** The small pieces: encoding, paths, query order, header values, key cache, comparison. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalPath,
  canonicalQuery,
  clearSigningKeyCache,
  deriveSigningKey,
  parseAuthorization,
  parseQuery,
  SIGNING_KEY_CACHE_SIZE,
  signaturesEqual,
  signingKey,
  signingKeyCacheSize,
  uriEncode,
} from '../../src/sigv4/index.js';
import { canonicalHeaderValue } from '../../src/sigv4/headers.js';
import { fromAuthorizationHeader, generalForm } from '../../src/sigv4/parse-header.js';

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

describe('signing keys remembered per owner', () => {
  it('a new secret, date, region or service under the same key id gets its own key', () => {
    clearSigningKeyCache();
    const base = ['secret-1', '20150830', 'us-east-1', 'iam'] as const;
    const k = signingKey(...base, 'AKIAEXAMPLE');
    assert.deepEqual(k, deriveSigningKey(...base));
    assert.equal(signingKey(...base, 'AKIAEXAMPLE'), k);
    for (const [secret, date, region, service] of [
      ['secret-2', '20150830', 'us-east-1', 'iam'],
      ['secret-1', '20150831', 'us-east-1', 'iam'],
      ['secret-1', '20150830', 'eu-west-1', 'iam'],
      ['secret-1', '20150830', 'us-east-1', 'sts'],
    ] as const) {
      assert.deepEqual(signingKey(secret, date, region, service, 'AKIAEXAMPLE'), deriveSigningKey(secret, date, region, service));
    }
    assert.deepEqual(signingKey(...base, 'AKIAOTHER'), k);
  });
});

describe('Authorization header: the remembered SDK form parses as the general form does', () => {
  const sig = 'a'.repeat(64);
  const headers = { 'x-amz-date': '20150830T123600Z', 'x-amz-security-token': 'tok' };
  for (const value of [
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,SignedHeaders=host;x-amz-date,Signature=${sig}`,
    `AWS4-HMAC-SHA256  Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
    `AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, Signature=${sig}`,
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'A'.repeat(64)}`,
    `AWS4-HMAC-SHA256 Credential=AKID=X/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
    `AWS4-HMAC-SHA256 Credential=A, Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig} `,
    ` AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
  ]) {
    it(JSON.stringify(value.slice(0, 60)), () => {
      for (let i = 0; i < 2; i++) assert.deepEqual(fromAuthorizationHeader(value, headers), generalForm(value, headers));
    });
  }
});

describe('credential scope remembered per options', () => {
  it('the same credential is checked again against other services and regions', () => {
    const req = (credential: string) => ({
      method: 'GET',
      path: '/',
      query: '',
      headers: { host: 'example.com', 'x-amz-date': '20150830T123600Z', authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}` },
    });
    const credential = 'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request';
    assert.equal(parseAuthorization(req(credential), { services: ['iam'] }).service, 'iam');
    assert.throws(() => parseAuthorization(req(credential), { services: ['sts'] }), /correct service: 'sts'/);
    assert.throws(() => parseAuthorization(req(credential), { services: ['iam'], isValidRegion: (r) => r === 'eu-west-1' }), /valid region, not 'us-east-1'/);
    assert.equal(parseAuthorization(req(credential), { services: ['iam'] }).region, 'us-east-1');
  });
});
