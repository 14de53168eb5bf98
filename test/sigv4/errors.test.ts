/**
 * Every malformed-authentication path, with an injected clock, against AWS's exact code, status
 * and message (sources in src/sigv4/errors.ts). Also: no message ever carries the secret or the
 * signature.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/core/errors.js';
import { parseAuthorization, SigV4Error, signRequest, verifySignature } from '../../src/sigv4/index.js';
import type { ParseOptions, SigV4Request, VerifyOptions } from '../../src/sigv4/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const T0 = Date.UTC(2015, 7, 30, 12, 36, 0);
const MIN = 60_000;
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, region: 'us-east-1', service: 'iam', nowMs: T0 };
const BODY = 'Action=ListUsers&Version=2010-05-08';
const unsigned: SigV4Request = {
  method: 'POST',
  path: '/',
  query: '',
  headers: { host: 'iam.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: BODY,
};
const signed = signRequest(unsigned, KEY);
const sig = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
const AUTH_BASE = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${sig}`;

const withAuth = (authorization: string, extra: Record<string, string> = {}): SigV4Request => ({
  ...unsigned,
  headers: { ...unsigned.headers, 'x-amz-date': '20150830T123600Z', authorization, ...extra },
});

/** Run parse (+ verify at `now`) and expect exactly this AWS error. */
function expectError(req: SigV4Request, code: string, status: number, message: string, now = T0, opts: ParseOptions & VerifyOptions = {}): void {
  assert.throws(
    () => verifySignature(parseAuthorization(req, { ...opts, nowMs: now }), req, SECRET, now, opts),
    (e: unknown) => {
      assert.ok(e instanceof SigV4Error && e instanceof AwsError);
      assert.equal(e.code, code);
      assert.equal(e.status, status);
      assert.equal(e.sender, true);
      assert.equal(e.message, message);
      assert.ok(!e.message.includes(SECRET) && (sig === '' || !e.message.includes(sig)), 'no secret or signature in messages');
      return true;
    },
  );
}
const ok = (req: SigV4Request, now = T0, opts: ParseOptions & VerifyOptions = {}): void =>
  verifySignature(parseAuthorization(req, { ...opts, nowMs: now }), req, SECRET, now, opts);

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('which authentication, if any', () => {
  it('none at all: MissingAuthenticationToken 403', () =>
    expectError(unsigned, 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token'));
  it('an X-Amz-Algorithm other than AWS4-HMAC-SHA256 counts as none', () =>
    expectError({ ...unsigned, query: 'X-Amz-Algorithm=AWS4-HMAC-SHA1' }, 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token'));
  it('both header and query: SignatureDoesNotMatch with no message', () =>
    expectError({ ...signed, query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }, 'SignatureDoesNotMatch', 403, ''));
  it('a bad %-escape in the query is found first: MalformedQueryString 404', () => {
    expectError({ ...unsigned, query: 'a=%zz' }, 'MalformedQueryString', 404, 'Illegal hex character in escape % pattern: %zz');
    expectError({ ...signed, query: 'a=b%4' }, 'MalformedQueryString', 404, 'Incomplete trailing escape % sequence');
    expectError({ ...signed, query: 'a=%' }, 'MalformedQueryString', 404, 'Incomplete trailing escape % sequence');
  });
  it('a correctly signed request passes', () => ok(signed));
});

describe('malformed Authorization headers', () => {
  it('another scheme: IncompleteSignature, the scheme quoted', () => {
    expectError(withAuth('Basic dXNlcjpwYXNz'), 'IncompleteSignature', 400, "Unsupported AWS 'algorithm': 'Basic'.");
    expectError(withAuth('AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E='), 'IncompleteSignature', 400, "Unsupported AWS 'algorithm': 'AWS'.");
  });
  it('a token-like first word is not quoted back', () =>
    expectError(withAuth('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'), 'IncompleteSignature', 400, "Unsupported AWS 'algorithm': '...'."));
  it('only the algorithm: every missing part, in AWS order', () =>
    expectError(
      withAuth('AWS4-HMAC-SHA256'),
      'IncompleteSignature',
      400,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    ));
  it('no X-Amz-Date nor Date header', () =>
    expectError(
      { ...unsigned, headers: { ...unsigned.headers, authorization: 'AWS4-HMAC-SHA256 ' } },
      'IncompleteSignature',
      400,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    ));
  it('one part missing', () =>
    expectError(withAuth(AUTH_BASE.replace(/, Signature=.*/, '')), 'IncompleteSignature', 400, "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256"));
  it('a space after "Credential=": the orphan is not a key=value pair', () =>
    expectError(
      withAuth(AUTH_BASE.replace('Credential=', 'Credential= ')),
      'IncompleteSignature',
      400,
      "'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 ...'.",
    ));
  it('a bare signature is not quoted back', () =>
    expectError(
      withAuth(`${AUTH_BASE}, ${sig}`),
      'IncompleteSignature',
      400,
      "'...' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 ...'.",
    ));
  it('Host not signed', () =>
    expectError(withAuth(AUTH_BASE.replace('content-type;host;x-amz-date', 'content-type;x-amz-date')), 'SignatureDoesNotMatch', 403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
  it('a date not in ISO 8601', () => {
    const req = withAuth(AUTH_BASE, { 'x-amz-date': 'Sun, 30 Aug 2015 12:36:00 GMT' });
    expectError(req, 'IncompleteSignature', 400, "Date must be in ISO-8601 'basic format'. Got 'Sun, 30 Aug 2015 12:36:00 GMT'. See http://en.wikipedia.org/wiki/ISO_8601");
    expectError(withAuth(AUTH_BASE, { 'x-amz-date': '20150230T123600Z' }), 'IncompleteSignature', 400, "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601");
  });
  it('the extended ISO 8601 form and the Date header are read too', () => {
    assert.equal(parseAuthorization(withAuth(AUTH_BASE, { 'x-amz-date': '2015-08-30T12:36:00Z' })).amzDate, '20150830T123600Z');
    const headers: Record<string, string | readonly string[] | undefined> = { ...withAuth(AUTH_BASE).headers, date: '20150830T123600Z' };
    delete headers['x-amz-date'];
    assert.equal(parseAuthorization({ ...unsigned, headers }).amzDate, '20150830T123600Z');
  });
  it('a credential without 5 parts', () =>
    expectError(
      withAuth(AUTH_BASE.replace('/aws4_request', '')),
      'IncompleteSignature',
      400,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/iam'",
    ));
  it('a repeated parameter: the last one counts', () => ok(withAuth(`${AUTH_BASE.replace(`Signature=${sig}`, 'Signature=00')}, Signature=${sig}`)));
  it('the session token comes from X-Amz-Security-Token', () =>
    assert.equal(parseAuthorization(withAuth(AUTH_BASE, { 'x-amz-security-token': 'tok' })).securityToken, 'tok'));
});

describe('credential scope', () => {
  const scoped = (scope: string): SigV4Request => withAuth(AUTH_BASE.replace('20150830/us-east-1/iam/aws4_request', scope));
  it('another service than this endpoint serves', () =>
    expectError(scoped('20150830/us-east-1/sts/aws4_request'), 'SignatureDoesNotMatch', 403, "Credential should be scoped to correct service: 'iam'. ", T0, { services: ['iam'] }));
  it('an invalid region', () =>
    expectError(scoped('20150830/US_EAST_1/iam/aws4_request'), 'SignatureDoesNotMatch', 403, "Credential should be scoped to a valid region, not 'US_EAST_1'. "));
  it('a wrong terminator', () =>
    expectError(scoped('20150830/us-east-1/iam/aws5_request'), 'SignatureDoesNotMatch', 403, "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "));
  it('a scope date other than X-Amz-Date', () =>
    expectError(
      scoped('20150831/us-east-1/iam/aws4_request'),
      'SignatureDoesNotMatch',
      403,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'. ",
    ));
  it('several faults at once, in AWS order', () =>
    expectError(
      scoped('20150831/x_y/sts/aws5_request'),
      'SignatureDoesNotMatch',
      403,
      "Credential should be scoped to a valid region, not 'x_y'. Credential should be scoped to correct service: 'iam'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'. ",
      T0,
      { services: ['iam'] },
    ));
  it('any well-formed region is accepted (Rolegate serves every region)', () =>
    ok(signRequest(unsigned, { ...KEY, region: 'eusc-de-east-1' })));
});

describe('clock skew (15 minutes either way)', () => {
  it('expired', () =>
    expectError(signed, 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T130100Z - 15 min.)', T0 + 25 * MIN));
  it('not yet current', () =>
    expectError(
      signRequest(unsigned, { ...KEY, nowMs: T0 + 25 * MIN }),
      'SignatureDoesNotMatch',
      403,
      'Signature not yet current: 20150830T130100Z is still later than 20150830T124600Z (20150830T123100Z + 15 min.)',
      T0 - 5 * MIN,
    ));
  it('exactly 15 minutes either way is accepted; one second more is not', () => {
    ok(signed, T0 + 15 * MIN);
    ok(signed, T0 - 15 * MIN);
    expectError(signed, 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)', T0 + 15 * MIN + 1000);
    expectError(signed, 'SignatureDoesNotMatch', 403, 'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)', T0 - 15 * MIN - 1000);
  });
  it('verifySignature re-checks the clock even if parsing did not', () => {
    const claim = parseAuthorization(signed);
    assert.throws(() => verifySignature(claim, signed, SECRET, T0 + 16 * MIN), /Signature expired/);
  });
});

describe('presigned URLs', () => {
  const presign = (expires: number, now = T0): SigV4Request => signRequest({ ...unsigned, method: 'GET', query: 'Action=GetCallerIdentity&Version=2011-06-15', body: '' }, { ...KEY, service: 'sts', nowMs: now, presignExpiresSeconds: expires });
  const withExpires = (value: string): SigV4Request => {
    const r = presign(3600);
    return { ...r, query: r.query.replace('X-Amz-Expires=3600', `X-Amz-Expires=${value}`) };
  };
  const S3 = { honourExpires: true };
  it('IAM and STS (the default): 15 minutes from X-Amz-Date, whatever X-Amz-Expires says', () => {
    ok(presign(604800), T0 + 15 * MIN);
    expectError(presign(604800), 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)', T0 + 15 * MIN + 1000);
    // A shorter X-Amz-Expires is not considered either (aws-sdk-ruby #2887).
    ok(presign(60), T0 + 15 * MIN);
    ok(presign(0), T0 + 15 * MIN);
  });
  it('honourExpires (S3): valid until X-Amz-Date + X-Amz-Expires', () => {
    ok(presign(3600), T0 + 60 * MIN, S3);
    expectError(presign(3600), 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T133601Z - 60 min.)', T0 + 60 * MIN + 1000, S3);
    expectError(presign(90), 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123731Z - 90 sec.)', T0 + 91_000, S3);
  });
  it('verifySignature applies the same window when parsing did not check the clock', () => {
    assert.throws(() => verifySignature(parseAuthorization(presign(3600)), presign(3600), SECRET, T0 + 16 * MIN), /Signature expired: .*- 15 min\.\)$/);
    verifySignature(parseAuthorization(presign(3600)), presign(3600), SECRET, T0 + 16 * MIN, S3);
  });
  it('not usable more than 15 minutes before X-Amz-Date', () =>
    expectError(presign(3600, T0 + 16 * MIN), 'SignatureDoesNotMatch', 403, 'Signature not yet current: 20150830T125200Z is still later than 20150830T125100Z (20150830T123600Z + 15 min.)'));
  it('X-Amz-Expires 604800 (7 days) is the maximum', () => {
    ok(presign(604800), T0 + 604800 * 1000, S3);
    expectError(withExpires('604801'), 'IncompleteSignature', 400, 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  });
  it('X-Amz-Expires 0 has expired a moment after X-Amz-Date (honourExpires)', () => {
    ok(presign(0), T0, S3);
    expectError(presign(0), 'SignatureDoesNotMatch', 403, 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123601Z - 0 sec.)', T0 + 1000, S3);
  });
  it('X-Amz-Expires not a number, or negative', () => {
    expectError(withExpires('abc'), 'IncompleteSignature', 400, 'X-Amz-Expires should be a number');
    expectError(withExpires('1e3'), 'IncompleteSignature', 400, 'X-Amz-Expires should be a number');
    expectError(withExpires(''), 'IncompleteSignature', 400, 'X-Amz-Expires should be a number');
    expectError(withExpires('-1'), 'IncompleteSignature', 400, 'X-Amz-Expires must be non-negative');
  });
  it('without X-Amz-Expires: the 15-minute window', () => {
    const r = presign(3600);
    const noExpires = { ...r, query: r.query.replace('&X-Amz-Expires=3600', '') };
    assert.equal(parseAuthorization(noExpires).expiresSeconds, undefined);
    expectError(noExpires, 'SignatureDoesNotMatch', 403, MISMATCH); // it was signed with X-Amz-Expires
    const claim = parseAuthorization(noExpires);
    assert.throws(() => verifySignature(claim, noExpires, SECRET, T0 + 16 * MIN), /Signature expired: .*- 15 min\.\)$/);
  });
  it('missing parameters: every one named', () =>
    expectError({ ...unsigned, query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }, 'IncompleteSignature', 400,
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."));
  it('a repeated parameter: the first one counts', () => {
    const r = presign(3600);
    assert.throws(() => ok({ ...r, query: `X-Amz-Date=20150830T000000Z&${r.query}` }), /Date in Credential scope|Signature expired/);
    // The later one is read for nothing, but it is still part of the canonical query.
    assert.equal(parseAuthorization({ ...r, query: `${r.query}&X-Amz-Date=20150830T000000Z` }).amzDate, '20150830T123600Z');
  });
  it('a tampered presigned query fails', () => {
    const r = presign(3600);
    expectError({ ...r, query: r.query.replace('GetCallerIdentity', 'GetSessionToken') }, 'SignatureDoesNotMatch', 403, MISMATCH);
  });
});

describe('payload', () => {
  const sha = (v: string): SigV4Request => signRequest({ ...unsigned, headers: { ...unsigned.headers, 'x-amz-content-sha256': v } }, KEY);
  it('X-Amz-Content-Sha256 must be the hash of the body received', () => {
    const good = sha('d0a6bbd45bd1d1ae5cd7b6b6c1d1bd79c19a8d9c6c54d4c0f1d4d4b2bd0f0c7e');
    expectError(good, 'SignatureDoesNotMatch', 403, MISMATCH);
  });
  it('UNSIGNED-PAYLOAD is refused unless allowed', () => {
    expectError(sha('UNSIGNED-PAYLOAD'), 'SignatureDoesNotMatch', 403, MISMATCH);
    ok(sha('UNSIGNED-PAYLOAD'), T0, { allowUnsignedPayload: true });
  });
  it('a changed body fails', () => expectError({ ...signed, body: 'Action=DeleteUser&UserName=admin&Version=2010-05-08' }, 'SignatureDoesNotMatch', 403, MISMATCH));
});
