/**
 * The I/O edge of OIDC federation on its own: fetchDocument against a real HTTPS issuer (TLS trust
 * by thumbprint, size cap, deadline, status), and the KeyCache's policy (discovery checks,
 * Cache-Control bounds, the rate-limited refetch for an unknown kid, remembered failures) with a
 * scripted fetcher and clock.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Server, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FetchError, type FetchOptions, type Fetched, fetchDocument } from '../../src/federation/oidc/fetch.js';
import { KeyCache, type ProviderTrust } from '../../src/federation/oidc/keys.js';
import { OidcIssuer } from '../support/oidc-issuer.js';

const failure = (kind: string) => (e: unknown): boolean => e instanceof FetchError && e.failure === kind;

describe('fetchDocument', () => {
  let issuer: OidcIssuer;
  let silent: Server;
  let silentUrl = '';
  before(async () => {
    issuer = await OidcIssuer.start();
    silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  });
  after(async () => {
    silent.close();
    await issuer.close();
  });
  const opts = (o: Partial<FetchOptions> = {}): FetchOptions => ({ thumbprints: [issuer.tls!.thumbprint], allowInsecure: false, timeoutMs: 2000, maxBytes: 65536, ...o });
  const discovery = (): string => `${issuer.url}/.well-known/openid-configuration`;

  it('fetches under a registered thumbprint and reads Cache-Control', async () => {
    const r = await fetchDocument(discovery(), opts());
    assert.equal((JSON.parse(r.body.toString()) as { issuer: string }).issuer, issuer.url);
    assert.equal(r.maxAge, 300);
  });
  it('trusts a certificate the system CAs vouch for without any thumbprint (NODE_EXTRA_CA_CERTS)', async () => {
    // Node reads extra system CAs at start-up only: the fetch runs in a child process.
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-ca-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, issuer.tls!.ca);
      const fetchJs = new URL('../../src/federation/oidc/fetch.js', import.meta.url).href;
      const script = `const { fetchDocument } = await import(${JSON.stringify(fetchJs)});
        const r = await fetchDocument(process.argv[1], { thumbprints: [], allowInsecure: false, timeoutMs: 2000, maxBytes: 65536 });
        process.stdout.write(JSON.parse(r.body.toString()).issuer);`;
      const run = (env: NodeJS.ProcessEnv) => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, discovery()], { env });
      const { stdout } = await run({ ...process.env, NODE_EXTRA_CA_CERTS: caFile });
      assert.equal(stdout, issuer.url);
      await assert.rejects(run({ ...process.env, NODE_EXTRA_CA_CERTS: '' }), /certificate not trusted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a certificate neither the system CAs nor a thumbprint vouch for', async () => {
    await assert.rejects(fetchDocument(discovery(), opts({ thumbprints: [] })), failure('untrusted'));
    await assert.rejects(fetchDocument(discovery(), opts({ thumbprints: ['0'.repeat(40)] })), failure('untrusted'));
  });
  it('caps the response size, refuses non-200 answers and http:// without the switch', async () => {
    await assert.rejects(fetchDocument(discovery(), opts({ maxBytes: 16 })), failure('bad-response'));
    await assert.rejects(fetchDocument(`${issuer.url}/missing`, opts()), failure('bad-response'));
    await assert.rejects(fetchDocument(discovery().replace('https:', 'http:'), opts()), failure('bad-response'));
  });
  it('gives up at the deadline and on refused connections', async () => {
    const started = Date.now();
    await assert.rejects(fetchDocument(silentUrl, opts({ timeoutMs: 300 })), failure('unreachable'));
    assert.ok(Date.now() - started < 2000);
    await assert.rejects(fetchDocument('https://127.0.0.1:9/', opts()), failure('unreachable'));
  });
});

describe('KeyCache', () => {
  const trust: ProviderTrust = { issuer: 'https://idp.example.com', thumbprints: [], allowInsecure: false };
  const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] };
  function scripted(discoveryDoc: object = { issuer: trust.issuer, jwks_uri: 'https://idp.example.com/keys' }, maxAge?: number) {
    const calls: string[] = [];
    const fetcher = (url: string): Promise<Fetched> => {
      calls.push(url);
      const body = url.endsWith('/.well-known/openid-configuration') ? discoveryDoc : jwks;
      return Promise.resolve({ body: Buffer.from(JSON.stringify(body)), maxAge });
    };
    return { calls, fetcher };
  }

  it('caches for max-age within [60 s, 24 h]', async () => {
    let now = 0;
    const s = scripted(undefined, 0);
    const cache = new KeyCache(s.fetcher, () => now);
    await cache.keys(trust);
    now = 59_000;
    await cache.keys(trust);
    assert.equal(s.calls.length, 2, 'no-store still caches for the 60 s floor');
    now = 61_000;
    await cache.keys(trust);
    assert.equal(s.calls.length, 4);
    const long = scripted(undefined, 10 ** 9);
    const c2 = new KeyCache(long.fetcher, () => now);
    await c2.keys(trust);
    now += 24 * 3600_000 + 1;
    await c2.keys(trust);
    assert.equal(long.calls.length, 4, 'a huge max-age is capped at 24 h');
  });
  it('refetches once for an unknown kid, then waits out the cooldown', async () => {
    let now = 0;
    const s = scripted(undefined, 3600);
    const cache = new KeyCache(s.fetcher, () => now);
    await cache.keys(trust);
    await cache.keys(trust, true);
    assert.equal(s.calls.length, 4);
    now = 10_000;
    await cache.keys(trust, true);
    assert.equal(s.calls.length, 4);
    now = 41_000;
    await cache.keys(trust, true);
    assert.equal(s.calls.length, 6);
  });
  it('checks the discovery document and remembers failures briefly', async () => {
    let now = 0;
    const wrong = scripted({ issuer: 'https://other.example.com', jwks_uri: 'https://idp.example.com/keys' });
    const cache = new KeyCache(wrong.fetcher, () => now);
    await assert.rejects(cache.keys(trust), failure('bad-response'));
    await assert.rejects(cache.keys(trust), failure('bad-response'));
    assert.equal(wrong.calls.length, 1, 'the failure is remembered');
    now = 6_000;
    await assert.rejects(cache.keys(trust), failure('bad-response'));
    assert.equal(wrong.calls.length, 2);
    const noKeys = new KeyCache(scripted({ issuer: trust.issuer }).fetcher, () => 0);
    await assert.rejects(noKeys.keys(trust), failure('bad-response'));
  });
  it('never shares keys between different trust settings', async () => {
    const s = scripted();
    const cache = new KeyCache(s.fetcher, () => 0);
    await cache.keys(trust);
    await cache.keys({ ...trust, thumbprints: ['a'.repeat(40)] });
    assert.equal(s.calls.length, 4);
  });
});
