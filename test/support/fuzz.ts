/**
 * Malformed requests for the fuzz test (test/integration/fuzz-malformed.test.ts) and its larger
 * run (bench/fuzz.ts): form and JSON bodies, headers, query strings, mutated signatures, odd and
 * huge parameter names, bad escapes, deep JSON and policy documents, unsigned and signed by the
 * admin. Requests go out as raw bytes over a socket, so nothing a client library would refuse to
 * send is spared; only the status line of the answer is read.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { signRequest } from '../../src/sigv4/index.js';
import type { Credentials } from './server.js';

export interface RawRequest {
  readonly kind: string;
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

const ACTIONS = [
  'GetCallerIdentity', 'AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken',
  'DecodeAuthorizationMessage', 'GetAccessKeyInfo', 'CreateUser', 'GetUser', 'ListUsers', 'CreateRole', 'GetRole', 'PutRolePolicy',
  'CreatePolicy', 'TagRole', 'CreateAccessKey', 'CreateOpenIDConnectProvider', 'CreateSAMLProvider', 'FlyToTheMoon', '',
];
const NAMES = [
  'Action', 'Version', 'RoleArn', 'RoleSessionName', 'RoleName', 'UserName', 'PolicyName', 'PolicyDocument', 'AssumeRolePolicyDocument',
  'Tags.member.1.Key', 'Tags.member.1.Value', 'Tags.member.51.Key', 'PolicyArns.member.1.arn', 'DurationSeconds', 'WebIdentityToken',
  'SAMLAssertion', 'PrincipalArn', 'SerialNumber', 'TokenCode', 'ExternalId', 'Policy', 'Name', 'Path', 'Marker', 'MaxItems',
  'ContextEntries.member.1.ContextKeyValues.member.1', 'ClientIDList.member.1', 'Url', '__proto__', 'constructor', 'toString',
  'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Expires', 'X-Amz-Security-Token',
];
const ODD = [
  '%', '%z', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '%00', '+', '&&', '==', '.', '..', '...', '.member.', '.member.0', '.member.-1',
  '.member.1001', '\u2028', '\uFEFF', '\uD800', 'ß', '"', "'", '<', '&lt;', ']]>', '{', '[', '*', '?', '${aws:username}', 'arn:aws:iam::',
  'arn:aws:iam::111111111111:role/', '9'.repeat(30), '-1', '1e3', 'true', 'null',
];

const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...ODD),
  fc.string({ unit: fc.constantFrom('.', '%', '&', '=', '+', 'a', '1', 'ß', '\u0000', '/', ':', '*'), maxLength: 60 }),
  fc.tuple(fc.constantFrom('a', '.', 'a.', "'", '%41', '<'), fc.integer({ min: 1_000, max: 60_000 })).map(([u, n]) => u.repeat(n)),
);

const fieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NAMES),
  oddText,
  fc.tuple(fc.constantFrom(...NAMES), fc.array(fc.oneof(fc.constantFrom('member', '1', '0', '1000', 'Key', ''), oddText), { maxLength: 8 })).map(([n, parts]) => [n, ...parts].join('.')),
);

/** encodeURIComponent, which throws on a lone surrogate (sent raw elsewhere). */
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
};

/** Usually encoded as a client would; sometimes raw, escapes and all. */
const formBody: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...ACTIONS), fc.array(fc.tuple(fieldName, oddText, fc.boolean()), { maxLength: 12 }), fc.boolean())
  .map(([action, fields, version]) =>
    [`Action=${action}`, ...(version ? ['Version=2011-06-15'] : []), ...fields.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${enc(k)}=${enc(v)}`))].join('&'),
  );

const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('[', '{"a":', '[{"b":'), fc.integer({ min: 1, max: 5_000 }), fc.boolean())
  .map(([open, n, closed]) => `${open.repeat(n)}1${closed ? (open === '[' ? ']' : open === '{"a":' ? '}' : '}]').repeat(n) : ''}`);

const jsonBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('Email', 'AccountName', 'Name', 'Content', 'Type', 'Tags', 'Description', 'ParentId', 'TargetId', 'PolicyId', 'NextToken', 'MaxResults', '__proto__'), fc.jsonValue({ maxDepth: 3 })).map((o) => JSON.stringify(o)),
  deepJson,
  oddText,
);

const TARGETS = ['CreateOrganization', 'DescribeOrganization', 'CreateAccount', 'CreatePolicy', 'AttachPolicy', 'ListAccounts', 'ListChildren', 'MoveAccount', 'Nope'];

/** A policy document: JSON-ish values, mutated real policies, or text. */
const policyDocument: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      Version: fc.constantFrom('2012-10-17', '2008-10-17', '', 'x'),
      Statement: fc.array(
        fc.record(
          {
            Sid: oddText,
            Effect: fc.constantFrom('Allow', 'Deny', 'allow', ''),
            Action: fc.oneof(fc.constantFrom('*', 's3:*', 'iam:Get*', 'sts:AssumeRole', '*:*', ''), fc.array(oddText, { maxLength: 5 })),
            NotAction: oddText,
            Resource: fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:iam::111111111111:role/*'), oddText),
            Principal: fc.oneof(fc.constant('*'), fc.dictionary(fc.constantFrom('AWS', 'Federated', 'Service', 'CanonicalUser', 'x'), oddText)),
            Condition: fc.dictionary(fc.constantFrom('StringLike', 'StringEquals', 'ArnLike', 'IpAddress', 'DateLessThan', 'NumericLessThan', 'Bool', 'ForAnyValue:StringLike', 'Null', 'Nope'), fc.dictionary(oddText, fc.oneof(oddText, fc.array(oddText, { maxLength: 4 })))),
          },
          { requiredKeys: ['Effect'] },
        ),
        { maxLength: 4 },
      ),
    })
    .map((v) => JSON.stringify(v)),
  deepJson,
  oddText,
);

const signedBody: fc.Arbitrary<{ service: 'iam' | 'sts'; body: string }> = fc.oneof(
  formBody.map((body) => ({ service: 'sts' as const, body })),
  formBody.map((body) => ({ service: 'iam' as const, body: body.replace('Version=2011-06-15', 'Version=2010-05-08') })),
  fc.tuple(fc.constantFrom('PutRolePolicy', 'CreatePolicy', 'CreateRole', 'PutUserPolicy', 'UpdateAssumeRolePolicy', 'SimulateCustomPolicy'), policyDocument, fc.constantFrom('PolicyDocument', 'AssumeRolePolicyDocument', 'PolicyInputList.member.1'))
    .map(([action, doc, member]) => ({ service: 'iam' as const, body: `Action=${action}&Version=2010-05-08&RoleName=fuzz&UserName=admin&PolicyName=fuzz&ActionNames.member.1=s3:GetObject&${member}=${enc(doc)}` })),
);

function headerList(h: Readonly<Record<string, string | readonly string[] | undefined>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(h)) if (typeof v === 'string' && k !== 'host') out.push([k, v]);
  return out;
}

/** Breaks one thing of a signed request: a character of a header or of the query, or a header dropped or added. */
const mutation = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('flip', 'drop', 'add', 'token', 'sha', 'date'), oddText);

export function requests(host: string, admin: Credentials): fc.Arbitrary<RawRequest> {
  const now = Date.now();
  const form = (body: string, extra: [string, string][] = []): RawRequest => ({ kind: 'unsigned form', method: 'POST', target: '/', headers: [['content-type', 'application/x-www-form-urlencoded'], ...extra], body: Buffer.from(body) });
  const sign = (service: string, body: string, headers: Record<string, string>, query = ''): RawRequest => {
    const r = signRequest({ method: 'POST', path: '/', query, headers: { host, ...headers }, body }, { ...admin, region: 'us-east-1', service, nowMs: now });
    return { kind: `signed ${service}`, method: 'POST', target: query === '' ? '/' : `/?${query}`, headers: headerList(r.headers), body: Buffer.from(body) };
  };
  return fc.oneof(
    formBody.map((b) => form(b)),
    fc.tuple(formBody, fc.array(fc.tuple(fc.constantFrom('authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'x-amz-target', 'date', 'content-type', 'host'), oddText), { maxLength: 4 })).map(([b, hs]) => ({ ...form(b, hs), kind: 'odd headers' })),
    fc.tuple(formBody, fc.array(fc.tuple(fieldName, oddText), { maxLength: 8 })).map(([b, q]) => ({ ...form(b), kind: 'odd query', target: `/?${q.map(([k, v]) => `${k}=${v}`).join('&')}` })),
    signedBody.map(({ service, body }) => sign(service, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })),
    fc.tuple(fc.constantFrom(...TARGETS), jsonBody).map(([t, body]) => sign('organizations', body, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSOrganizationsV20161128.${t}` })),
    fc.tuple(fc.constantFrom(...TARGETS), jsonBody).map(([t, body]) => ({ kind: 'unsigned json', method: 'POST', target: '/', headers: [['x-amz-target', `AWSOrganizationsV20161128.${t}`] as const], body: Buffer.from(body) })),
    fc.tuple(signedBody, mutation).map(([{ service, body }, [a, b, how, text]]) => {
      const r = sign(service, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
      const headers = [...r.headers] as [string, string][];
      const i = a % headers.length;
      const [k, v] = headers[i]!;
      if (how === 'flip') headers[i] = [k, v.length === 0 ? text : `${v.slice(0, b % v.length)}${text}${v.slice((b % v.length) + 1)}`];
      else if (how === 'drop') headers.splice(i, 1);
      else if (how === 'token') headers.push(['x-amz-security-token', text.length > 0 ? text : `RT${'A'.repeat(b % 400)}`]);
      else if (how === 'sha') headers.push(['x-amz-content-sha256', b % 2 === 0 ? 'UNSIGNED-PAYLOAD' : text]);
      else if (how === 'date') headers.push(['x-amz-date', text]);
      else headers.push([`x-amz-${text.replace(/[^a-z]/g, '') || 'x'}`, text]);
      return { ...r, kind: `mutated ${how}`, headers };
    }),
    fc.tuple(fc.array(fc.tuple(fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Expires', 'X-Amz-Security-Token', 'Action', 'Version'), oddText), { maxLength: 9 }), fc.boolean()).map(([q, algo]) => ({
      kind: 'presigned query',
      method: 'GET',
      target: `/?${algo ? 'X-Amz-Algorithm=AWS4-HMAC-SHA256&' : ''}${q.map(([k, v]) => `${k}=${v.length > 2000 ? v.slice(0, 2000) : v}`).join('&')}`,
      headers: [],
      body: Buffer.alloc(0),
    })),
  );
}

/** Header values as bytes may carry anything but CR and LF (which would start another request). */
const clean = (s: string): string => s.replace(/[\r\n]/g, ' ');

/** Sends one request as raw bytes; resolves the status of the answer, or 0 if the server closed without one. */
export function sendRaw(port: number, host: string, r: RawRequest, timeoutMs = 20_000): Promise<number> {
  const target = clean(r.target).replace(/ /g, '%20');
  const head =
    `${r.method} ${target} HTTP/1.1\r\nhost: ${host}\r\n` +
    r.headers.map(([k, v]) => `${clean(k)}: ${clean(v)}\r\n`).join('') +
    `content-length: ${r.body.length}\r\nconnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${r.kind}`));
    }, timeoutMs);
    const done = (status: number): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) done(Number(m[1]));
    });
    socket.on('error', () => done(0));
    socket.on('close', () => done(0));
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), r.body]));
  });
}
