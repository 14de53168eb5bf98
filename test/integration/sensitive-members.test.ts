/**
 * Sensitive members (the service models' `"sensitive": true` shapes — SAML private keys and
 * assertions, web identity tokens, Organizations' email and account name — and MFA codes) are
 * never quoted back: each is sent with values that fail each of its constraints (too long, bad
 * pattern, control character, BOM, U+2028) or get past validation into the handler, and a unique
 * marker inside the value must appear in neither the response, the audit log nor the server log.
 * AWS leaves the value out of a sensitive member's message: "Value at 'password' failed to
 * satisfy constraint: …".
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { signRequest } from '../../src/sigv4/index.js';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

type Service = 'iam' | 'sts' | 'organizations';

async function send(t: TestServer, service: Service, body: string, target?: string): Promise<string> {
  const url = new URL(t.url);
  const contentType = target === undefined ? 'application/x-www-form-urlencoded; charset=utf-8' : 'application/x-amz-json-1.1';
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: url.host, 'content-type': contentType, ...(target === undefined ? {} : { 'x-amz-target': target }) }, body },
    { ...ADMIN, region: 'us-east-1', service, nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(t.url, { method: 'POST', headers, body });
  return res.text();
}

const form = (o: Record<string, string>): string => new URLSearchParams(o).toString();

interface Member {
  readonly service: Service;
  /** The member's name in messages (lowerCamelCase). */
  readonly at: string;
  readonly max: number;
  /** Whether a BOM, U+2028 or a control character fails the member's pattern (else: the handler sees it). */
  readonly pattern: boolean;
  /** A minimal valid length for the member (MFA codes are exactly 6). */
  readonly exact?: number;
  /** A value that passes validation and fails in the handler (the audit then records the input). */
  readonly valid?: (marker: string) => string;
  readonly request: (value: string) => { readonly body: string; readonly target?: string };
}

const ARN = 'arn:aws:iam::111111111111:saml-provider/CorpIdP';
const ROLE = 'arn:aws:iam::111111111111:role/dev';
const PEM = (inner: string): string => `-----BEGIN PRIVATE KEY-----\n${inner}\n-----END PRIVATE KEY-----\n`;

const MEMBERS: Readonly<Record<string, Member>> = {
  'iam:CreateSAMLProvider AddPrivateKey': {
    service: 'iam',
    at: 'addPrivateKey',
    max: 16384,
    pattern: true,
    valid: (marker) => `${marker}-not-a-key`,
    request: (v) => ({ body: form({ Action: 'CreateSAMLProvider', Version: '2010-05-08', Name: 'CorpIdP', SAMLMetadataDocument: 'x'.repeat(1000), AddPrivateKey: PEM(v) }) }),
  },
  'iam:UpdateSAMLProvider AddPrivateKey': {
    service: 'iam',
    at: 'addPrivateKey',
    max: 16384,
    pattern: true,
    request: (v) => ({ body: form({ Action: 'UpdateSAMLProvider', Version: '2010-05-08', SAMLProviderArn: ARN, AddPrivateKey: PEM(v) }) }),
  },
  'iam:UploadServerCertificate PrivateKey': {
    service: 'iam',
    at: 'privateKey',
    max: 16384,
    pattern: true,
    valid: (marker) => PEM(marker),
    request: (v) => ({ body: form({ Action: 'UploadServerCertificate', Version: '2010-05-08', ServerCertificateName: 'web', CertificateBody: 'x', PrivateKey: v }) }),
  },
  'sts:AssumeRoleWithSAML SAMLAssertion': {
    service: 'sts',
    at: 'sAMLAssertion',
    max: 100_000,
    pattern: false,
    valid: (marker) => Buffer.from(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${marker}</samlp:Response>`).toString('base64'),
    request: (v) => ({ body: form({ Action: 'AssumeRoleWithSAML', Version: '2011-06-15', RoleArn: ROLE, PrincipalArn: ARN, SAMLAssertion: v }) }),
  },
  'sts:AssumeRoleWithWebIdentity WebIdentityToken': {
    service: 'sts',
    at: 'webIdentityToken',
    max: 20_000,
    pattern: false,
    valid: (marker) => ['{"alg":"RS256","kid":"k"}', `{"iss":"https://issuer.example","sub":"${marker}","aud":"sts"}`, marker].map((s) => Buffer.from(s).toString('base64url')).join('.') + marker,
    request: (v) => ({ body: form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'app', WebIdentityToken: v }) }),
  },
  'sts:AssumeRole TokenCode': {
    service: 'sts',
    at: 'tokenCode',
    max: 6,
    exact: 6,
    pattern: true,
    request: (v) => ({ body: form({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'app', SerialNumber: 'arn:aws:iam::111111111111:mfa/dev', TokenCode: v }) }),
  },
  'sts:GetSessionToken TokenCode': {
    service: 'sts',
    at: 'tokenCode',
    max: 6,
    exact: 6,
    pattern: true,
    request: (v) => ({ body: form({ Action: 'GetSessionToken', Version: '2011-06-15', SerialNumber: 'arn:aws:iam::111111111111:mfa/dev', TokenCode: v }) }),
  },
  'iam:EnableMFADevice AuthenticationCode1': {
    service: 'iam',
    at: 'authenticationCode1',
    max: 6,
    exact: 6,
    pattern: true,
    request: (v) => ({ body: form({ Action: 'EnableMFADevice', Version: '2010-05-08', UserName: 'admin', SerialNumber: 'arn:aws:iam::111111111111:mfa/dev', AuthenticationCode1: v, AuthenticationCode2: '123456' }) }),
  },
  'iam:CreateLoginProfile Password': {
    service: 'iam',
    at: 'password',
    max: 128,
    pattern: true,
    valid: (marker) => `${marker}-pw`,
    request: (v) => ({ body: form({ Action: 'CreateLoginProfile', Version: '2010-05-08', UserName: 'nobody', Password: v }) }),
  },
  'iam:UpdateLoginProfile Password': {
    service: 'iam',
    at: 'password',
    max: 128,
    pattern: true,
    valid: (marker) => `${marker}-pw`,
    request: (v) => ({ body: form({ Action: 'UpdateLoginProfile', Version: '2010-05-08', UserName: 'admin', Password: v }) }),
  },
  'iam:ChangePassword OldPassword': {
    service: 'iam',
    at: 'oldPassword',
    max: 128,
    pattern: true,
    valid: (marker) => `${marker}-pw`,
    request: (v) => ({ body: form({ Action: 'ChangePassword', Version: '2010-05-08', OldPassword: v, NewPassword: 'New-Password-1' }) }),
  },
  'iam:ChangePassword NewPassword': {
    service: 'iam',
    at: 'newPassword',
    max: 128,
    pattern: true,
    valid: (marker) => `${marker}-pw`,
    request: (v) => ({ body: form({ Action: 'ChangePassword', Version: '2010-05-08', OldPassword: 'Old-Password-1', NewPassword: v }) }),
  },
  'organizations:CreateAccount Email': {
    service: 'organizations',
    at: 'email',
    max: 64,
    pattern: false, // [^\s@]+@… takes a control character
    valid: (marker) => marker,
    request: (v) => ({ body: JSON.stringify({ Email: `${v}@example.com`, AccountName: 'dev' }), target: 'AWSOrganizationsV20161128.CreateAccount' }),
  },
  'organizations:CreateAccount AccountName': {
    service: 'organizations',
    at: 'accountName',
    max: 50,
    pattern: true,
    valid: (marker) => `${marker} dev`,
    request: (v) => ({ body: JSON.stringify({ Email: 'dev@example.com', AccountName: v }), target: 'AWSOrganizationsV20161128.CreateAccount' }),
  },
};

/** The values tried for a member: each carries `marker`, and each fails one constraint (or reaches the handler). */
function variants(m: Member, marker: string): Record<string, string> {
  if (m.exact !== undefined) {
    // Six code points that fail the digits-only pattern, and a longer one that fails the length too.
    const six = (c: string): string => `${marker.slice(0, 5)}${c}`;
    return { tooLong: `${marker}999999`, bom: six('\uFEFF'), lineSeparator: six('\u2028'), control: six('\u0001'), letters: marker.slice(0, 6) };
  }
  return {
    ...(m.valid === undefined ? {} : { valid: m.valid(marker) }),
    tooLong: `${marker}${'A'.repeat(m.max)}`,
    bom: `\uFEFF${marker}`,
    lineSeparator: `${marker}\u2028more`,
    control: `${marker}\u0001more`,
  };
}

describe('sensitive members are never quoted back', () => {
  let t: TestServer;
  const logLines: string[] = [];
  const markers: string[] = [];
  before(async () => {
    t = await startTestServer({ log: (line) => logLines.push(line) });
  });
  after(async () => {
    await t.close();
  });

  let n = 0;
  for (const [name, m] of Object.entries(MEMBERS)) {
    it(`${name}: not in the response`, async () => {
      // Upper-case letters and digits that no id, hex or base64 text of ours contains in this order.
      const marker = `QZXS${String(n++).padStart(2, '0')}`;
      for (const [kind, value] of Object.entries(variants(m, marker))) {
        const r = m.request(value);
        const text = await send(t, m.service, r.body, r.target);
        const shown = marker.slice(0, m.exact === undefined ? marker.length : 5);
        markers.push(shown);
        assert.ok(!text.includes(shown), `${name} (${kind}) quoted the secret back: ${text.slice(0, 400)}`);
        // A value that fails a constraint gets AWS's wording without the value.
        const failsValidation = kind === 'tooLong' || (kind !== 'valid' && (m.pattern || m.exact !== undefined));
        if (failsValidation) assert.match(text, new RegExp(`Value at (&apos;|')${m.at}(&apos;|') failed to satisfy constraint`), `${name} (${kind}): ${text.slice(0, 400)}`);
      }
    });
  }

  it('Organizations: the email and name of a created account stay out of the audit (request and response)', async () => {
    const o = t.organizations();
    await o.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const r = await o.send(new CreateAccountCommand({ Email: 'QZXSMAIL@example.com', AccountName: 'QZXSNAME dev' }));
    assert.equal(r.CreateAccountStatus?.AccountName, 'QZXSNAME dev');
    markers.push('QZXSMAIL', 'QZXSNAME');
  });

  it('no marker reached the audit log or the server log', async () => {
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const audit = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    assert.ok(audit.includes('"errorCode":"ValidationError"'), 'the calls were audited');
    // Inputs that passed validation are recorded, their sensitive members hidden (Organizations'
    // email by its spec: the name alone would not hide it).
    for (const member of ['addPrivateKey', 'sAMLAssertion', 'webIdentityToken', 'email', 'accountName', 'password', 'oldPassword', 'newPassword']) {
      assert.ok(audit.includes(`"${member}":"HIDDEN_DUE_TO_SECURITY_REASONS"`), `${member} recorded and hidden`);
    }
    const logs = logLines.join('\n');
    for (const marker of markers) {
      assert.ok(!audit.includes(marker), `${marker} reached the audit log`);
      assert.ok(!logs.includes(marker), `${marker} reached the server log`);
    }
  });
});

describe('values quoted back stay readable XML', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('a control character or U+FFFF in a quoted value is written as \\uXXXX: the body stays well-formed XML', async () => {
    for (const [value, shown] of [
      ['a\u0001b', 'a\\u0001b'],
      ['a\u001Fb', 'a\\u001Fb'],
      ['a\uFFFFb', 'a\\uFFFFb'],
    ] as const) {
      const text = await send(t, 'iam', form({ Action: 'GetRole', Version: '2010-05-08', RoleName: value }));
      assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text), `characters XML forbids in ${JSON.stringify(text)}`);
      assert.ok(text.includes(`Value &apos;${shown}&apos; at &apos;roleName&apos;`), text);
    }
  });
});

describe('hiding sensitive values does not blot out the rest of a message', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('an MFA code that is a run of the account id leaves the ARN in the message whole', async () => {
    // The test account is 111111111111: a code of 111111 used to turn its ARNs into arn:aws:iam::******:….
    const serial = 'arn:aws:iam::111111111111:mfa/nosuch';
    const text = await send(t, 'iam', form({ Action: 'EnableMFADevice', Version: '2010-05-08', UserName: 'admin', SerialNumber: serial, AuthenticationCode1: '111111', AuthenticationCode2: '111111' }));
    assert.match(text, /<Code>NoSuchEntity<\/Code>/);
    assert.ok(text.includes(`serial number ${serial} `), text);
  });
});
