/**
 * Run as root inside a fresh network namespace where 169.254.170.2 is on lo (see
 * test/integration/workload-container-relative.test.ts): starts a Rolegate test server in process,
 * makes the task role and its launcher, starts `rolegate container-credentials --host
 * 169.254.170.2 --port 80 --relative-uri` as a child, then runs SDK v3's default chain and boto3's
 * with only AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (and the endpoint for the calls) — so each SDK
 * fetches http://169.254.170.2/v2/credentials/<id> itself, as in an ECS task. Prints one JSON line.
 */
import { PYTHON } from './boto3.js';
import { recentPython } from './recent-clients.js';
import { startTestServer } from './server.js';
import { workloadFixture } from './workload.js';
import { type ChainResult, bareEnv, boto3Chain, keysEnv, sdkChain, startEndpoint } from './workload-cli.js';

// `node --test dist/` also loads every file under a test/ directory: only a child run does anything.
if (process.env.ROLEGATE_RELATIVE_URI_CHILD === '1') await main();

async function main(): Promise<void> {
  const t = await startTestServer();
  try {
    const f = await workloadFixture(t);
    const ep = await startEndpoint(
      ['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '80', '--auth-token', 'dW51c2VkLWluLXRoaXMtdGVzdA', '--host', '169.254.170.2', '--relative-uri'],
      bareEnv(keysEnv(f.launcher)),
      /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=(\S+)\n/,
    );
    try {
      const env = bareEnv({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: ep.url, AWS_ENDPOINT_URL: t.url });
      const out: { account: string; taskId: string | undefined; serving: string; sdk: ChainResult; boto3?: ChainResult; python?: string } = {
        account: t.account,
        taskId: /serving task ([0-9a-f]{32})/.exec(ep.stdout())?.[1],
        serving: /serving task \S+ \(\S+\) on (\S+)/.exec(ep.stdout())?.[1] ?? '',
        sdk: await sdkChain(t.url, env),
      };
      const python = recentPython() ?? PYTHON;
      out.python = python;
      out.boto3 = await boto3Chain(t.url, env, python);
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } finally {
      await ep.stop();
    }
  } finally {
    await t.close();
  }
}
