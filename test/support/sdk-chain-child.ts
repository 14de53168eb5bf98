/**
 * Run as a child process (node dist/test/support/sdk-chain-child.js) with only the environment a
 * workload has: SDK v3's default chain (fromNodeProviderChain) finds the credentials, then STS's
 * GetCallerIdentity, IAM's ListRoles (allowed) and ListUsers (denied) at ROLEGATE_ENDPOINT. Prints
 * one JSON line like test/python/workload_chain.py.
 */
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

// `node --test dist/` also loads every file under a test/ directory: without the endpoint this is
// that load, not a child run, and does nothing.
const endpoint = process.env.ROLEGATE_ENDPOINT;
if (endpoint !== undefined) await main(endpoint);

async function main(endpoint: string): Promise<void> {
  const credentials = fromNodeProviderChain();
  const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  const out: Record<string, unknown> = {};
  out.arn = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Arn;
  const iam = new IAMClient(config);
  out.roles = (await iam.send(new ListRolesCommand({}))).Roles?.length;
  try {
    await iam.send(new ListUsersCommand({}));
    out.denied = null;
  } catch (e) {
    out.denied = e instanceof Error ? e.name : String(e);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
