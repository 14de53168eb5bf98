/**
 * `rolegate container-credentials --host 169.254.170.2 --port 80 --relative-uri` end to end with
 * real SDKs: SDK v3's default chain and boto3's, given only AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
 * fetch http://169.254.170.2<uri> themselves (the address is fixed in the SDKs), get the task role,
 * make an allowed call and are denied another.
 *
 * That address must be on an interface, which takes privilege: the whole scenario runs in a fresh
 * network namespace (`unshare -n` as root, else `unshare -r -n` in a user namespace where the kernel
 * allows them) with 169.254.170.2 on its lo, so nothing of the machine's network is touched. Where
 * neither works (unshare or ip missing, no root and no user namespaces, a container without
 * CAP_SYS_ADMIN) the test SKIPS, also under CI: what it lacks is a privilege, not a client; the
 * relative path itself is covered on 127.0.0.1 by workload-container.test.ts, which always runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { type ChainResult, run } from '../support/workload-cli.js';

const CHILD = fileURLToPath(new URL('../support/relative-uri-child.js', import.meta.url));
const SETUP = 'ip link set lo up && ip addr add 169.254.170.2/32 dev lo';

/** The unshare options that give a network namespace with 169.254.170.2 on lo here, or why none does. */
function netns(): { args: string[] } | { skip: string } {
  let why = '';
  for (const args of [['-n'], ['-r', '-n']]) {
    const r = spawnSync('unshare', [...args, 'sh', '-c', SETUP], { encoding: 'utf8' });
    if (r.error !== undefined) return { skip: `unshare cannot run (${r.error.message}): the network namespace with 169.254.170.2 on lo needs it` };
    if (r.status === 0) return { args };
    why += ` unshare ${args.join(' ')}: ${r.stderr.trim()};`;
  }
  return { skip: `no network namespace with 169.254.170.2 on lo here (needs root or user namespaces, and ip):${why}` };
}
const ns = netns();

describe('rolegate container-credentials --relative-uri on 169.254.170.2 (real SDKs, in a network namespace)', () => {
  it('SDK v3 and boto3 with only AWS_CONTAINER_CREDENTIALS_RELATIVE_URI get the task role', { skip: 'skip' in ns ? ns.skip : false }, async () => {
    const r = await run('unshare', [...('args' in ns ? ns.args : []), 'sh', '-c', `${SETUP} && exec "$0" "$1"`, process.execPath, CHILD], { ...process.env, ROLEGATE_RELATIVE_URI_CHILD: '1' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { account: string; taskId: string; serving: string; sdk: ChainResult; boto3: ChainResult; python: string };
    assert.equal(out.serving, 'http://169.254.170.2:80/v2/credentials');
    assert.match(out.taskId, /^[0-9a-f]{32}$/);
    for (const [who, c] of [['SDK v3', out.sdk], [`boto3 (${out.python})`, out.boto3]] as const) {
      assert.equal(c.arn, `arn:aws:sts::${out.account}:assumed-role/task/${out.taskId}`, who);
      assert.ok(c.roles > 0, who);
      assert.equal(c.denied, 'AccessDenied', who);
    }
    assert.equal(out.boto3.method, 'container-role');
  });
});
