/**
 * `rolegate one-time-password --identity-store-id d-… --user-id ID [--endpoint URL] [--region R]
 *   [--profile P]` prints a new one-time password for an IAM Identity Center user
 * (rolegate:GenerateUserOneTimePassword, src/identitycenter/passwords.ts), as the console's
 * "Generate a one-time password" does; the user must change it at the next sign-in. Signed with
 * the caller's credentials as the AWS CLI finds them (aws-client.ts). The endpoint: --endpoint,
 * else AWS_ENDPOINT_URL_ROLEGATE, else AWS_ENDPOINT_URL, else http://127.0.0.1:7653. Exit codes: 2
 * for a usage error or no credentials, 1 when the server refuses or cannot be reached.
 */
import { env } from 'node:process';
import { RolegateApi, ServiceError, callerCredentials, callerRegion } from './aws-client.js';
import { UsageError, endpointUrl, parseOptions } from './options.js';

export const ONE_TIME_PASSWORD_USAGE = `  one-time-password  print a new one-time password for an IAM Identity Center user (changed at first sign-in)
              --identity-store-id ID --user-id ID
              --endpoint URL        (AWS_ENDPOINT_URL_ROLEGATE, AWS_ENDPOINT_URL, default http://127.0.0.1:7653)
              --region R --profile P (as the AWS CLI)
`;

/** Runs the command; resolves with the exit code. Writes the password to `out`, reasons to `err`. */
export async function oneTimePasswordCommand(args: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let api: RolegateApi;
  let input: { IdentityStoreId: string; UserId: string };
  try {
    const o = parseOptions(args, ['identity-store-id', 'user-id', 'endpoint', 'region', 'profile'], []);
    const store = o.get('identity-store-id');
    const user = o.get('user-id');
    if (store === undefined || user === undefined) throw new UsageError('--identity-store-id and --user-id are required');
    const url = endpointUrl(o.get('endpoint') ?? (env.AWS_ENDPOINT_URL_ROLEGATE || env.AWS_ENDPOINT_URL || 'http://127.0.0.1:7653'));
    const credentials = await callerCredentials(o.get('profile'));
    api = new RolegateApi(url, () => Promise.resolve(credentials), o.get('region') ?? callerRegion());
    input = { IdentityStoreId: store, UserId: user };
  } catch (e) {
    err(`rolegate one-time-password: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  let answer: Record<string, unknown>;
  try {
    answer = await api.rolegate('GenerateUserOneTimePassword', input);
  } catch (e) {
    if (e instanceof ServiceError) err(`rolegate one-time-password: ${e.type}${e.serverMessage === '' ? '' : `: ${e.serverMessage}`}\n`);
    else err(`rolegate one-time-password: cannot reach ${api.endpoint.origin}\n`);
    return 1;
  }
  if (typeof answer.OneTimePassword !== 'string') {
    err('rolegate one-time-password: the server answered without a password\n');
    return 1;
  }
  out(`${answer.OneTimePassword}\n`);
  return 0;
}
