/** A server for the benchmarks: Rolegate itself, or a bare node:http server answering the same XML. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../../src/app/app.js';
import { parseConfig } from '../../src/core/config.js';
import { signRequest } from '../../src/sigv4/index.js';

/**
 * A role trusting the bootstrap admin, for the AssumeRole benchmark, made as a user makes it: a
 * signed CreateRole over HTTP (so its trust principal is bound, and every AssumeRole checks it).
 */
async function createRole(url: string, account: string, name: string): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/admin` }, Action: 'sts:AssumeRole' }] });
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: name, AssumeRolePolicyDocument: trust }).toString();
  const { host } = new URL(url);
  const signed = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { accessKeyId: process.env.ROLEGATE_ADMIN_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.ROLEGATE_ADMIN_SECRET_ACCESS_KEY ?? '', region: 'us-east-1', service: 'iam', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(`${url}/`, { method: 'POST', headers, body });
  const text = await res.text();
  // The bench's runs share a data directory: the role made by an earlier run is the same role.
  if (res.status !== 200 && !text.includes('<Code>EntityAlreadyExists</Code>')) throw new Error(`CreateRole failed: ${res.status} ${text}`);
}

const [kind, dataDir = ''] = process.argv.slice(2);

const BARE_XML =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::111111111111:user/admin</Arn><UserId>AIDAAAAAAAAAAAAAAAAAA</UserId><Account>111111111111</Account>' +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

if (kind === 'bare') {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end(BARE_XML));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const config = parseConfig(['--port', '0', '--data-dir', dataDir], { ...process.env, ROLEGATE_AUDIT: process.env.ROLEGATE_AUDIT ?? 'on' });
  const server = await startServer(config, { log: () => {} });
  if (process.env.BENCH_ROLE !== undefined) await createRole(server.url, server.bootstrap.account, process.env.BENCH_ROLE);
  process.stdout.write(`PORT ${new URL(server.url).port}\n`);
  process.once('SIGTERM', () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}
