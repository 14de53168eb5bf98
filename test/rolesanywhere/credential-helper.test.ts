/**
 * `rolegate roles-anywhere`'s client half, without a server: the key and certificate files it
 * reads (PKCS#8, PKCS#1, SEC1; PEM or DER certificates; encrypted keys refused without a word of
 * the key), the CreateSession request it signs (verified by the server's own verifier), the answer
 * it reads, the credentials file it writes, and its command line (the built CLI, exit codes).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withProfileCredentials, updateCredentialsFile, writeFileAtomic } from '../../src/cli/credentials-file.js';
import { createSessionRequest, loadSigningMaterial, MaterialError, parseCreateSession, type SessionParams } from '../../src/cli/roles-anywhere-session.js';
import { ServiceError } from '../../src/cli/aws-client.js';
import { verifyX509Request } from '../../src/sigv4/x509.js';
import { bareEnv, runCli } from '../support/workload-cli.js';
import { type Issued, type KeyKind, NOW, pki } from './pki.js';

const dir = mkdtempSync(join(tmpdir(), 'rolegate-ra-helper-'));
let n = 0;
const file = (content: string | Buffer): string => {
  const f = join(dir, `f${n++}`);
  writeFileSync(f, content, { mode: 0o600 });
  return f;
};
const pem = (leaf: Issued, type: 'pkcs8' | 'pkcs1' | 'sec1'): string => leaf.privateKey.export({ type, format: 'pem' }) as string;

const ANCHOR = 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0c0a5d2e-8f61-4a43-9a8c-7a9b7f0c1d11';
const PROFILE = 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/6f2b1c3d-5e4f-4a1b-8c9d-0e1f2a3b4c5d';
const ROLE = 'arn:aws:iam::123456789012:role/workload/app';
const params = (over: Partial<SessionParams> = {}): SessionParams => ({
  endpoint: new URL('http://127.0.0.1:7653'),
  trustAnchorArn: ANCHOR,
  profileArn: PROFILE,
  roleArn: ROLE,
  region: 'us-east-1',
  durationSeconds: 3600,
  ...over,
});

const refusedWith = (fn: () => unknown, pattern: RegExp, secret?: string): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MaterialError, String(e));
    assert.match(e.message, pattern);
    // Not one line of the key's base64 in the message.
    if (secret !== undefined) for (const line of secret.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!e.message.includes(line), 'the message holds key material');
    return true;
  });
};

describe('roles-anywhere: key and certificate files', () => {
  for (const kind of ['rsa', 'p256', 'p384'] satisfies KeyKind[]) {
    it(`${kind}: PKCS#8 and ${kind === 'rsa' ? 'PKCS#1' : 'SEC1'} PEM keys, PEM and DER certificates, a PEM bundle of intermediates`, async () => {
      const { intermediate, leaf, root } = await pki(kind);
      const certificate = file(leaf.cert.toString());
      const bundle = file(`${intermediate.cert.toString()}\n${root.cert.toString()}`);
      for (const key of [pem(leaf, 'pkcs8'), pem(leaf, kind === 'rsa' ? 'pkcs1' : 'sec1')]) {
        const m = loadSigningMaterial({ certificate, privateKey: file(key), intermediates: bundle });
        assert.equal(m.certificate.fingerprint256, leaf.cert.fingerprint256);
        assert.deepEqual(m.intermediates.map((c) => c.fingerprint256), [intermediate.cert.fingerprint256, root.cert.fingerprint256]);
        assert.equal(m.privateKey.asymmetricKeyType, kind === 'rsa' ? 'rsa' : 'ec');
      }
      const der = loadSigningMaterial({ certificate: file(leaf.cert.raw), privateKey: file(pem(leaf, 'pkcs8')) });
      assert.equal(der.certificate.fingerprint256, leaf.cert.fingerprint256);
      assert.deepEqual(der.intermediates, []);
    });
  }

  it('reads a SEC1 key after its EC PARAMETERS block (openssl ecparam -genkey), and a certificate file with text around it', async () => {
    const { leaf } = await pki('p256');
    const key = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(leaf, 'sec1')}`;
    const cert = `Bag Attributes\n    friendlyName: leaf\nsubject=CN = leaf\n${leaf.cert.toString()}`;
    const m = loadSigningMaterial({ certificate: file(cert), privateKey: file(key) });
    assert.equal(m.certificate.fingerprint256, leaf.cert.fingerprint256);
  });

  it('refuses encrypted keys (PKCS#8 and legacy PEM encryption) clearly, without any of the key in the message', async () => {
    const { leaf } = await pki('rsa');
    const certificate = file(leaf.cert.toString());
    const pkcs8 = leaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string;
    const legacy = leaf.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string;
    assert.match(pkcs8, /ENCRYPTED PRIVATE KEY/);
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(pkcs8) }), /is encrypted; encrypted keys are not supported/, pkcs8);
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(legacy) }), /is encrypted; encrypted keys are not supported/, legacy);
  });

  it('refuses a key that is not the certificate\'s, other key types, garbage, a missing file and a DER certificate with bytes after it', async () => {
    const { leaf } = await pki('p256');
    const other = await pki('p256');
    const certificate = file(leaf.cert.toString());
    const otherKey = pem(other.leaf, 'pkcs8');
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(otherKey) }), /is not the key of the certificate/, otherKey);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(ed) }), /is ed25519; Roles Anywhere signs with RSA or EC keys/, ed);
    const broken = pem(leaf, 'pkcs8').replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(broken) }), /cannot be read as a PEM PRIVATE KEY/, broken);
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file('hello') }), /holds no PEM private key/);
    const two = pem(leaf, 'pkcs8') + otherKey;
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(two) }), /holds 2 private keys/, two);
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: join(dir, 'missing') }), /cannot read the private key file .*missing \(ENOENT\)/);
    refusedWith(() => loadSigningMaterial({ certificate: file(Buffer.concat([leaf.cert.raw, Buffer.from([0])])), privateKey: file(pem(leaf, 'pkcs8')) }), /neither PEM nor DER/);
    refusedWith(() => loadSigningMaterial({ certificate: file(pem(leaf, 'pkcs8')), privateKey: file(pem(leaf, 'pkcs8')) }), /holds no PEM CERTIFICATE block/);
    refusedWith(() => loadSigningMaterial({ certificate, privateKey: file(pem(leaf, 'pkcs8')), intermediates: file('') }), /intermediates file .* holds no PEM CERTIFICATE block/);
  });
});

describe('roles-anywhere: the CreateSession request', () => {
  for (const kind of ['rsa', 'p384'] satisfies KeyKind[]) {
    it(`${kind}: POST /sessions with the ARNs in the query and the duration in the body, verified by the server's verifier`, async () => {
      const { intermediate, leaf } = await pki(kind);
      const m = { certificate: leaf.cert, intermediates: [intermediate.cert], privateKey: leaf.privateKey };
      const { url, request, body } = createSessionRequest(params({ roleSessionName: 'job-1' }), m, NOW);
      assert.equal(url.href, `http://127.0.0.1:7653/sessions?profileArn=${encodeURIComponent(PROFILE)}&roleArn=${encodeURIComponent(ROLE)}&trustAnchorArn=${encodeURIComponent(ANCHOR)}`);
      assert.equal(request.path, '/sessions');
      assert.deepEqual(JSON.parse(body), { durationSeconds: 3600, roleSessionName: 'job-1' });
      assert.equal(request.headers['content-type'], 'application/json');
      const verified = verifyX509Request(request, { nowMs: NOW + 1000, region: 'us-east-1' });
      assert.equal(verified.ok, true, JSON.stringify(verified));
      if (!verified.ok) return;
      assert.equal(verified.leaf.fingerprint256, leaf.cert.fingerprint256);
      assert.deepEqual(verified.intermediates.map((c) => c.fingerprint256), [intermediate.cert.fingerprint256]);
      // The query and the body are signed: another role or duration breaks the signature.
      assert.equal(verifyX509Request({ ...request, query: request.query.replace('app', 'admin') }, { nowMs: NOW }).ok, false);
      assert.equal(verifyX509Request({ ...request, body: body.replace('3600', '43200') }, { nowMs: NOW }).ok, false);
    });
  }

  it('keeps the endpoint path as a prefix, signs in the region given, and leaves roleSessionName out unless given', async () => {
    const { leaf } = await pki('p256');
    const m = { certificate: leaf.cert, intermediates: [], privateKey: leaf.privateKey };
    const { url, request, body } = createSessionRequest(params({ endpoint: new URL('https://rolegate.example:8443/ra/'), region: 'eu-west-1', durationSeconds: 900 }), m, NOW);
    assert.equal(url.origin + url.pathname, 'https://rolegate.example:8443/ra/sessions');
    assert.equal(request.headers.host, 'rolegate.example:8443');
    assert.equal(request.headers['x-amz-x509-chain'], undefined);
    assert.deepEqual(JSON.parse(body), { durationSeconds: 900 });
    const v = verifyX509Request(request, { nowMs: NOW, region: 'eu-west-1' });
    assert.equal(v.ok, true);
  });

  it('reads the first credential set of the answer, and refusals as AWS errors', () => {
    const answer = {
      credentialSet: [
        {
          assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/app/1234', assumedRoleId: 'AROAEXAMPLE:1234' },
          credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: '2026-12-07T13:00:00Z' },
          packedPolicySize: 0,
          roleArn: ROLE,
          sourceIdentity: 'CN=leaf',
        },
      ],
      subjectArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:subject/x',
    };
    const c = parseCreateSession(201, JSON.stringify(answer));
    assert.deepEqual(c, { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: '2026-12-07T13:00:00Z', expiresAt: Date.UTC(2026, 11, 7, 13), roleArn: ROLE, sessionArn: 'arn:aws:sts::123456789012:assumed-role/app/1234' });
    assert.throws(
      () => parseCreateSession(403, JSON.stringify({ message: 'Untrusted certificate. Insufficient certificate' }), 'AccessDeniedException:http://internal.amazon.com/coral/'),
      (e: unknown) => e instanceof ServiceError && e.status === 403 && e.code === 'AccessDenied' && e.message === 'AccessDenied: Untrusted certificate. Insufficient certificate',
    );
    assert.throws(() => parseCreateSession(400, JSON.stringify({ __type: 'ValidationException', message: 'bad' })), (e: unknown) => e instanceof ServiceError && e.code === 'Validation');
    assert.throws(() => parseCreateSession(502, '<html>'), (e: unknown) => e instanceof ServiceError && e.code === 'HTTP 502');
    assert.throws(() => parseCreateSession(201, JSON.stringify({ credentialSet: [] })), /unable to obtain temporary security credentials/);
  });
});

describe('roles-anywhere update: the shared credentials file', () => {
  const c = { accessKeyId: 'ASIANEW', secretAccessKey: 'newsecret', sessionToken: 'newtoken' };

  it('replaces the profile\'s keys and keeps every other line and profile', () => {
    const text = [
      '# my credentials',
      '[default]',
      'aws_access_key_id = AKIAOLD',
      'aws_secret_access_key=oldsecret',
      'region = eu-west-1',
      '',
      '[ra]',
      'aws_access_key_id = ASIAOLD',
      '  aws_session_token = oldtoken',
      'aws_session_token = duplicate',
      '',
      '[other]',
      'aws_access_key_id = AKIAOTHER',
      'aws_secret_access_key = othersecret',
      '',
    ].join('\n');
    assert.equal(
      withProfileCredentials(text, 'ra', c),
      [
        '# my credentials',
        '[default]',
        'aws_access_key_id = AKIAOLD',
        'aws_secret_access_key=oldsecret',
        'region = eu-west-1',
        '',
        '[ra]',
        'aws_access_key_id = ASIANEW',
        'aws_session_token = newtoken',
        'aws_secret_access_key = newsecret',
        '',
        '[other]',
        'aws_access_key_id = AKIAOTHER',
        'aws_secret_access_key = othersecret',
        '',
      ].join('\n'),
    );
    assert.equal(withProfileCredentials('', 'default', c), '[default]\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\naws_session_token = newtoken\n');
    assert.equal(withProfileCredentials('[a]\nx = 1', 'b', c), '[a]\nx = 1\n\n[b]\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\naws_session_token = newtoken\n');
    assert.equal(withProfileCredentials('[a]\r\nx = 1\r\n', 'a', c), '[a]\r\nx = 1\r\naws_access_key_id = ASIANEW\r\naws_secret_access_key = newsecret\r\naws_session_token = newtoken\r\n');
  });

  it('refuses values that would add lines (a hostile answer) and profile names a section cannot hold', () => {
    assert.throws(() => withProfileCredentials('', 'default', { ...c, sessionToken: 'x\n[admin]\naws_access_key_id = AKIA' }), /not single printable tokens/);
    for (const bad of ['', 'a]b', 'a\nb', ' a', '[a']) assert.throws(() => withProfileCredentials('', bad, c), /cannot be a section/);
  });

  it('writes atomically with mode 0600, through a symbolic link, leaving no temporary file', () => {
    const d = mkdtempSync(join(tmpdir(), 'rolegate-ra-file-'));
    const real = join(d, 'real-credentials');
    writeFileSync(real, '[keep]\naws_access_key_id = AKIAKEEP\n', { mode: 0o644 });
    const link = join(d, 'credentials');
    symlinkSync(real, link);
    updateCredentialsFile(link, 'ra', c);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(statSync(real).mode & 0o777, 0o600);
    assert.match(readFileSync(real, 'utf8'), /^\[keep\]\naws_access_key_id = AKIAKEEP\n\n\[ra\]\naws_access_key_id = ASIANEW\n/);
    const fresh = join(d, 'new', 'dir', 'credentials');
    writeFileAtomic(fresh, 'x');
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(d).sort(), ['credentials', 'new', 'real-credentials']);
  });
});

describe('rolegate roles-anywhere: the command line', () => {
  const base = async (kind: KeyKind = 'p256'): Promise<{ args: string[]; leaf: Issued }> => {
    const { leaf } = await pki(kind);
    return {
      leaf,
      args: ['--certificate', file(leaf.cert.toString()), '--private-key', file(pem(leaf, 'pkcs8')), '--trust-anchor-arn', ANCHOR, '--profile-arn', PROFILE, '--role-arn', ROLE, '--endpoint', 'http://127.0.0.1:9'],
    };
  };

  it('usage errors exit 2: no subcommand, unknown options, missing or malformed ARNs, regions that differ, durations out of range', async () => {
    const { args } = await base();
    const cases: [string[], RegExp][] = [
      [[], /roles-anywhere needs a subcommand/],
      [['sign-string'], /unknown roles-anywhere subcommand 'sign-string'/],
      [['credential-process', ...args, '--cert-selector', 'x'], /unknown option '--cert-selector'/],
      [['credential-process', ...args.slice(0, -2)], /--endpoint is required/],
      [['credential-process', ...args.map((a) => (a === ROLE ? 'app' : a))], /--role-arn must be a role ARN/],
      [['credential-process', ...args.map((a) => (a === PROFILE ? PROFILE.replace('us-east-1', 'eu-west-1') : a))], /regions don't match/],
      [['credential-process', ...args, '--session-duration', '899'], /--session-duration must be an integer from 900 to 43200/],
      [['credential-process', ...args, '--pkcs8-password', 'pw'], /encrypted private keys are not supported/],
      [['serve', ...args, '--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['update', ...args, '--profile', 'a]b'], /--profile must be a name/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await runCli(['roles-anywhere', ...argv], bareEnv());
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    }
  });

  it('an encrypted key exits 1 with one clear line and nothing of the key', async () => {
    const { args, leaf } = await base('rsa');
    const encrypted = leaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    const keyFile = file(encrypted);
    const r = await runCli(['roles-anywhere', 'credential-process', ...args.map((a, i) => (args[i - 1] === '--private-key' ? keyFile : a))], bareEnv());
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `rolegate: the private key in ${keyFile} is encrypted; encrypted keys are not supported: decrypt it to a file only you can read (openssl pkcs8 -in KEY -out PLAIN.pem) or keep it unencrypted with mode 0600\n`);
  });

  it('a server that cannot be reached exits 1 without printing credentials', async () => {
    const { args } = await base();
    // A port nothing listens on: one just given up.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli(['roles-anywhere', 'credential-process', ...args.map((a) => (a === 'http://127.0.0.1:9' ? `http://127.0.0.1:${port}` : a))], bareEnv());
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `rolegate: CreateSession at http://127.0.0.1:${port} failed: ECONNREFUSED\n`);
  });
});
