/**
 * IAM Roles Anywhere CreateSession requests/s — an RSA-2048 leaf with one intermediate, signed
 * AWS4-X509-RSA-SHA256 — as a ratio to signed sts:AssumeRole against the same server, in the same
 * run. 16 keep-alive connections from a Node client; each kind of request is signed once and
 * repeated (valid for the 15 minutes of the signing window), as bench/server.ts does for SigV4.
 * CreateSession does more per call than AssumeRole: two certificate signature checks on the path,
 * the request's X.509 signature, the anchor's CRLs, and a write of the subject's record.
 * ROUNDS interleaved rounds; the median ratio is reported with the range. Target (issue 16): ≥ 35%.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateProfileCommand, CreateTrustAnchorCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import { signRequest } from '../src/sigv4/index.js';
import { signX509Request } from '../src/sigv4/x509.js';
import { issue } from '../test/rolesanywhere/pki.js';
import { rolesAnywhereTrust } from '../test/support/roles-anywhere.js';
import { startChild } from './support/children.js';
import { type LoadResult, type PreparedRequest, load } from './support/load.js';

const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const ACCOUNT = '111111111111';
const SECONDS = Number(process.env.BENCH_SECONDS ?? '4');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');
const CONNECTIONS = 16;
const ENV = { ROLEGATE_ACCOUNT_ID: ACCOUNT, ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, BENCH_ROLE: 'bench-role' };
const ASSUME = 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=bench&RoleArn=' + encodeURIComponent(`arn:aws:iam::${ACCOUNT}:role/bench-role`);
const DAY = 86_400_000;

const headersOf = (h: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k] = v;
  return out;
};

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
const rg = await startChild('rolegate', dataDir, ENV);
try {
  const url = `http://127.0.0.1:${rg.port}`;
  const around = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) };
  const root = await issue({ kind: 'rsa', name: 'Bench Root', ca: true, ...around });
  const intermediate = await issue({ kind: 'rsa', name: 'Bench Intermediate', ca: 0, issuer: root, ...around });
  const leaf = await issue({ kind: 'rsa', name: 'bench-workload', subject: 'CN=bench-workload,O=Example', issuer: intermediate, ...around });
  const ra = new RolesAnywhereClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN });
  const anchor = (await ra.send(new CreateTrustAnchorCommand({ name: 'bench', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.peculiar.toString('pem') } } }))).trustAnchor!;
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN });
  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'ra-role', AssumeRolePolicyDocument: JSON.stringify(rolesAnywhereTrust(anchor.trustAnchorArn!)) }))).Role!;
  const profile = (await ra.send(new CreateProfileCommand({ name: 'bench', enabled: true, roleArns: [role.Arn!] }))).profile!;

  const host = `127.0.0.1:${rg.port}`;
  const assumeSigned = signRequest({ method: 'POST', path: '/', query: '', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: ASSUME }, { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: Date.now() });
  const assume: PreparedRequest = { path: '/', headers: headersOf(assumeSigned.headers), body: ASSUME };
  const sessionBody = JSON.stringify({ trustAnchorArn: anchor.trustAnchorArn, profileArn: profile.profileArn, roleArn: role.Arn, durationSeconds: 3600 });
  const sessionSigned = signX509Request(
    { method: 'POST', path: '/sessions', query: '', headers: { host, 'content-type': 'application/json' }, body: sessionBody },
    { certificate: leaf.cert, intermediates: [intermediate.cert], privateKey: leaf.privateKey, region: 'us-east-1', nowMs: Date.now() },
  );
  const session: PreparedRequest = { path: '/sessions', headers: headersOf(sessionSigned.headers), body: sessionBody };

  const measure = async (r: PreparedRequest, status: number): Promise<LoadResult> => {
    await load(rg.port, () => r, CONNECTIONS, 1, status); // warm-up
    const result = await load(rg.port, () => r, CONNECTIONS, SECONDS, status);
    if (result.errors > 0) throw new Error(`${result.errors} requests failed`);
    return result;
  };
  const fmt = (r: LoadResult): string => `${Math.round(r.perSecond).toLocaleString('en-US').padStart(6)} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms`;
  const rounds: { assume: LoadResult; session: LoadResult; ratio: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = await measure(assume, 200);
    const s = await measure(session, 201);
    rounds.push({ assume: a, session: s, ratio: (s.perSecond / a.perSecond) * 100 });
  }
  const sorted = [...rounds].sort((x, y) => x.ratio - y.ratio);
  const m = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds of ${SECONDS} s (the median round; range over all rounds):`);
  console.log(`  signed sts:AssumeRole                       ${fmt(m.assume)}`);
  console.log(`  rolesanywhere CreateSession (RSA-2048 + 1)  ${fmt(m.session)} = ${m.ratio.toFixed(1)}% of AssumeRole, range ${sorted[0]!.ratio.toFixed(1)}–${sorted.at(-1)!.ratio.toFixed(1)}% (target ≥ 35%)`);
} finally {
  await rg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
