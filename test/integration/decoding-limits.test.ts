/**
 * Parameter decoding is linear in the body (issue 11, item 8), against a server in its own
 * process (`rolegate serve`), so that a request which holds its event loop cannot hold the test's.
 *
 * The bodies below cost the old decoder tens of seconds (64 field names of 16,383 dots: every
 * dotted prefix hashed, the square of a name's length) or minutes (an address the Organizations email
 * pattern backtracks over). Each request is aborted after 10 s: a hang guard with a margin of
 * three orders of magnitude over the milliseconds they now take, not a timing assertion (the
 * figures are bench/stall.ts's). The other cases check what the caps answer.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../src/sigv4/index.js';
import { ADMIN, TEST_ACCOUNT } from '../support/server.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const MIB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const HANG_GUARD_MS = 10_000;
const WEB = `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess&RoleArn=${encodeURIComponent(`arn:aws:iam::${TEST_ACCOUNT}:role/r`)}&WebIdentityToken=abcd`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('parameter decoding is linear in the body', () => {
  let proc: ChildProcess;
  let url = '';
  let dataDir = '';
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rolegate-decoding-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    proc = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', dataDir], {
      env: { ...process.env, ROLEGATE_ACCOUNT_ID: TEST_ACCOUNT, ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
      stdio: 'ignore',
    });
    for (;;) {
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    // A server still stuck in a request (the old decoder) cannot run its SIGTERM handler.
    const stuck = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(stuck);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (body: string, headers: Record<string, string> = { 'content-type': FORM }): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${url}/`, { method: 'POST', headers, body, signal: AbortSignal.timeout(HANG_GUARD_MS) });
    return { status: res.status, text: await res.text() };
  };
  const signed = (service: 'iam' | 'organizations', body: string, extra: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
    const host = new URL(url).host;
    const contentType = service === 'organizations' ? 'application/x-amz-json-1.1' : FORM;
    const req = signRequest({ method: 'POST', path: '/', query: '', headers: { host, 'content-type': contentType, ...extra }, body }, { ...ADMIN, region: 'us-east-1', service, nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    return post(body, headers);
  };

  it('an unsigned form of 64 field names of 16,383 dots is answered (the names are ignored)', async () => {
    // Just under V8's 16,384-character limit for hashing a string in full: the old decoder's
    // worst case (~22 s here; longer names hash by length alone).
    const r = await post(`${WEB}&${Array.from({ length: 64 }, (_, i) => `${'.'.repeat(16_370)}${i}=x`).join('&')}`);
    assert.equal(r.status, 400);
    assert.match(r.text, /<Code>InvalidIdentityToken<\/Code>/);
  });

  it("60 names of 8,000 dots under one of the action's own members still count as that member", async () => {
    const trust = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: TEST_ACCOUNT }, Action: 'sts:AssumeRole' }] }));
    const r = await signed('iam', `Action=CreateRole&Version=2010-05-08&RoleName=dots&AssumeRolePolicyDocument=${trust}&${Array.from({ length: 60 }, (_, i) => `Tags.member.1.${'a.'.repeat(8000)}${i}=x`).join('&')}`);
    assert.equal(r.status, 400);
    // Tags.member.1 is present (as a prefix) but has no Key: AWS's wording for the member.
    assert.match(r.text, /<Code>ValidationError<\/Code>/);
    assert.match(r.text, /Value null at &apos;tags\.1\.member\.key&apos; failed to satisfy constraint: Member must not be null/);
  });

  it('10,001 fields are refused even when they repeat one name', async () => {
    const r = await post(`${WEB}${'&Extra=1'.repeat(10_001)}`);
    assert.equal(r.status, 400);
    assert.match(r.text, /<Code>InvalidParameterValue<\/Code><Message>Too many parameters: at most 10000\.<\/Message>/);
  });

  it('a 1 MiB value is quoted back up to its member’s length, not whole', async () => {
    const r = await signed('iam', `Action=GetRole&Version=2010-05-08&RoleName=${"'".repeat(MIB - 100)}`);
    assert.equal(r.status, 400);
    assert.match(r.text, /<Message>1 validation error detected: Value &apos;(&apos;){1024}\.\.\.&apos; at &apos;roleName&apos; failed to satisfy constraint: Member must have length less than or equal to 64<\/Message>/);
    assert.ok(r.text.length < 16 * 1024, `response of ${r.text.length} characters`);
  });

  it('a value within its length is still quoted whole, with the pattern failure too', async () => {
    const r = await signed('iam', `Action=GetRole&Version=2010-05-08&RoleName=${'!'.repeat(65)}`);
    assert.match(r.text, /2 validation errors detected: Value &apos;!{65}&apos; at &apos;roleName&apos; failed to satisfy constraint: Member must have length less than or equal to 64; Value &apos;!{65}&apos; at &apos;roleName&apos; failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('JSON: an email the pattern would backtrack over is refused for its length', async () => {
    const r = await signed('organizations', JSON.stringify({ Email: `a@${'a.'.repeat(400_000)}@`, AccountName: 'x' }), { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' });
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text) as Record<string, string>;
    assert.equal(body.__type, 'InvalidInputException');
    assert.equal(body.Reason, 'MAX_LENGTH_EXCEEDED');
  });

  it('JSON: deeper than 32 levels or more than 10,000 values is a SerializationException', async () => {
    const target = { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' };
    const deep = await signed('organizations', `{"Email":${'['.repeat(400_000)}${']'.repeat(400_000)}}`, target);
    assert.equal(deep.status, 400);
    assert.deepEqual(JSON.parse(deep.text), { __type: 'SerializationException', Message: 'The request body nests deeper than 32 levels.' });
    const busy = await signed('organizations', `{"Tags":[${Array.from({ length: 20_000 }, () => '{}').join(',')}]}`, target);
    assert.deepEqual(JSON.parse(busy.text), { __type: 'SerializationException', Message: 'The request body holds more than 10000 values.' });
    // Brackets inside strings are text, not nesting.
    const text = await signed('organizations', JSON.stringify({ Email: '[['.repeat(100), AccountName: 'x' }), target);
    assert.equal((JSON.parse(text.text) as Record<string, string>).__type, 'InvalidInputException');
  });
});
