/**
 * `rolegate credentials --endpoint URL --role-arn ARN [--duration-seconds N]`: sts:AssumeRole with
 * the caller's credentials, printed as the AWS CLI's credential_process expects — Version 1,
 * AccessKeyId, SecretAccessKey, SessionToken, Expiration (ISO 8601) — so that a profile's
 * `credential_process = rolegate credentials …` points any tool at a Rolegate role.
 * https://docs.aws.amazon.com/cli/v1/userguide/cli-configure-sourcing-external.html
 */
import { stdout } from 'node:process';
import { RolegateApi, callerCredentials, callerRegion } from './aws-client.js';
import { endpoint, integer, parseOptions, required } from './options.js';

export async function credentials(args: readonly string[]): Promise<void> {
  const o = parseOptions(args, ['endpoint', 'role-arn', 'duration-seconds']);
  const url = endpoint(o);
  const roleArn = required(o, 'role-arn');
  const duration = integer(o, 'duration-seconds', 900, 43200);
  const api = new RolegateApi(url, callerCredentials, callerRegion());
  const c = await api.assumeRole(roleArn, `rolegate-${Date.now()}`, duration);
  stdout.write(`${JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration }, null, 2)}\n`);
}
