/**
 * `rolegate imds --endpoint URL --instance-profile NAME [--account ID] --port PORT [--imdsv1]`:
 * instance metadata for a made-up instance of the profile (its id assigned by the server), on
 * 127.0.0.1:PORT. The process runs as the caller (credentials as the AWS CLI finds them), who
 * must be allowed to "launch" the instance: iam:PassRole of the profile's role to
 * ec2.amazonaws.com for the instance's ARN, and rolegate:GetWorkloadCredentials on the role.
 * Point a program at it with
 * AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT/ (and no other credentials).
 */
import { stderr, stdout } from 'node:process';
import { RolegateApi, callerCredentials, callerRegion } from './aws-client.js';
import { startImds } from './imds-server.js';
import { UsageError, endpoint, integer, parseOptions, required } from './options.js';
import { workloadFetcher } from './workload.js';


export async function imds(args: readonly string[]): Promise<void> {
  const o = parseOptions(args, ['endpoint', 'instance-profile', 'account', 'port'], ['imdsv1']);
  const url = endpoint(o);
  const profile = required(o, 'instance-profile');
  const account = o.get('account');
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new UsageError('--account must be 12 digits');
  const port = integer(o, 'port', 0, 65535);
  if (port === undefined) throw new UsageError('--port is required');
  const region = callerRegion();
  const api = new RolegateApi(url, callerCredentials, region);
  const log = (line: string): void => void stderr.write(`rolegate imds: ${line}\n`);
  // The instance id is the server's: the first issue assigns it, renewals keep it.
  const issue = workloadFetcher(api, { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: profile }, Date.now);
  const server = await startImds({
    port,
    region,
    account,
    imdsv1: o.has('imdsv1'),
    log,
    fetch: (delivery) => issue({ RoleDelivery: delivery }),
  });
  stdout.write(
    `rolegate imds: serving instance ${server.instanceId} (profile ${profile}, role ${server.roleName}, ${o.has('imdsv1') ? 'IMDSv1 and IMDSv2' : 'IMDSv2 only'}) on ${server.url}\n` +
      `rolegate imds: point programs at it with AWS_EC2_METADATA_SERVICE_ENDPOINT=${server.url}/\n`,
  );
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
