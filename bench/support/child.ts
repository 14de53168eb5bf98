/** A server for the benchmarks: Rolegate itself, or a bare node:http server answering the same XML. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { newUniqueId } from '../../src/credentials/ids.js';
import { KIND, type RoleData, roleArn } from '../../src/iam/model.js';
import type { Store } from '../../src/store/types.js';

/** A role trusting the bootstrap admin, for the AssumeRole benchmark (before CreateRole exists in the bench's path). */
async function seedRole(store: Store, account: string, name: string): Promise<void> {
  const role: RoleData = {
    name, path: '/', id: newUniqueId('AROA'), arn: roleArn(account, '/', name), createdAt: new Date().toISOString(), maxSessionDuration: 3600, tags: [],
    assumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/admin` }, Action: 'sts:AssumeRole' }] }),
  };
  await store.write((tx) => tx.put({ account, kind: KIND.role, key: name.toLowerCase(), id: role.id, data: role }));
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
  if (process.env.BENCH_ROLE !== undefined) await seedRole(server.store, server.bootstrap.account, process.env.BENCH_ROLE);
  process.stdout.write(`PORT ${new URL(server.url).port}\n`);
  process.once('SIGTERM', () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}
