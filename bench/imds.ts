/**
 * Credential reads per second from `rolegate imds` (the real command, a child process, serving
 * the cached credentials of an instance profile) against a bare node:http server (also a child)
 * answering a body of the same size, in the same run. Load: N keep-alive connections from this
 * process, each sending IMDSv2's read (GET …/security-credentials/ROLE with the token header) as
 * soon as the previous answer arrives. ROUNDS (5) interleaved rounds; the median ratio is reported
 * with the range. Target (issue 15): ≥ 70% of the bare server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, AddRoleToInstanceProfileCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CLI } from '../test/support/cli.js';
import { startTestServer } from '../test/support/server.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PATH = '/latest/meta-data/iam/security-credentials/app';

function child(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ proc, match: m });
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
}

function get(agent: Agent, port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: PATH, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(port: number, headers: Record<string, string>): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let n = 0;
  let errors = 0;
  const t0 = performance.now();
  const stopAt = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < stopAt) {
        if ((await get(agent, port, headers).catch(() => -1)) === 200) n++;
        else errors++;
      }
    }),
  );
  agent.destroy();
  if (errors > 0) throw new Error(`${errors} failed reads`);
  return n / ((performance.now() - t0) / 1000);
}

const t = await startTestServer();
const iam = t.iam();
await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
await iam.send(new CreateUserCommand({ UserName: 'launcher' }));
const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'rolegate:GetWorkloadCredentials'], Resource: '*' }] };
await iam.send(new PutUserPolicyCommand({ UserName: 'launcher', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'launcher' }))).AccessKey!;
const env = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const imds = await child([CLI, 'imds', '--endpoint', t.url, '--instance-profile', 'app-profile', '--port', '0'], env, /on http:\/\/127\.0\.0\.1:(\d+)\n/);
const imdsPort = Number(imds.match[1]);
const token = await (await fetch(`http://127.0.0.1:${imdsPort}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' } })).text();
const body = await (await fetch(`http://127.0.0.1:${imdsPort}${PATH}`, { headers: { 'X-aws-ec2-metadata-token': token } })).text();
// The bare server: the same body, the same headers' weight, no token check.
const bareSource = `import { createServer } from 'node:http';
const body = ${JSON.stringify(body)};
const s = createServer({ keepAliveTimeout: 5000 }, (req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), server: 'EC2ws', 'x-aws-ec2-metadata-token-ttl-seconds': 21600 }); res.end(body); });
s.listen(0, '127.0.0.1', () => process.stdout.write('port ' + s.address().port + '\\n'));`;
const bare = await child(['--input-type=module', '-e', bareSource], { PATH: process.env.PATH }, /port (\d+)\n/);
const barePort = Number(bare.match[1]);
const headers = { 'X-aws-ec2-metadata-token': token };

await measure(imdsPort, headers); // warm-up
await measure(barePort, headers);
const rounds: { bare: number; imds: number }[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push({ bare: await measure(barePort, headers), imds: await measure(imdsPort, headers) });
const ratios = rounds.map((r) => (r.imds / r.bare) * 100).sort((a, b) => a - b);
const median = ratios[Math.floor(ratios.length / 2)]!;
const m = rounds.find((r) => (r.imds / r.bare) * 100 === median)!;
console.log(`IMDSv2 credential reads (cached), ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds from a Node client:`);
console.log(`  bare node:http  ${Math.round(m.bare)} reads/s`);
console.log(`  rolegate imds   ${Math.round(m.imds)} reads/s = ${median.toFixed(1)}% of bare, range ${ratios[0]!.toFixed(1)}–${ratios[ratios.length - 1]!.toFixed(1)}% (target ≥ 70%)`);
imds.proc.kill('SIGTERM');
bare.proc.kill('SIGTERM');
await t.close();
