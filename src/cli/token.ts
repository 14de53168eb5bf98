/**
 * `rolegate token --audience sts.amazonaws.com --subject system:serviceaccount:NS:SA
 *   [--endpoint URL] [--duration-seconds N] [--pod-name N --pod-uid U] [--region R] [--profile P]`
 * prints a service-account token signed by the caller's account's issuer
 * (rolegate:CreateServiceAccountToken, src/rolegate/create-service-account-token.ts), for
 * AWS_WEB_IDENTITY_TOKEN_FILE. The call goes through the commands' one client (aws-client.ts):
 * signed with the caller's credentials as the AWS CLI finds them (environment, else the profile
 * with whatever it names). The endpoint: --endpoint, else AWS_ENDPOINT_URL_ROLEGATE, else
 * AWS_ENDPOINT_URL, else http://127.0.0.1:7653. Exit codes: 2 for a usage error or no
 * credentials, 1 when the server refuses or cannot be reached.
 */
import { env } from 'node:process';
import { RolegateApi, ServiceError, callerCredentials, callerRegion } from './aws-client.js';
import { UsageError, endpointUrl, integer, list, parseOptions } from './options.js';

export const TOKEN_USAGE = `  token     print a service-account token signed by Rolegate's OIDC issuer of the caller's account
              --audience A          (repeatable; e.g. sts.amazonaws.com)
              --subject S           (system:serviceaccount:NAMESPACE:NAME)
              --duration-seconds N  (600 to 86400, default 3600)
              --pod-name N --pod-uid U (optional: bind the token to a pod, as EKS Pod Identity tags it)
              --endpoint URL        (AWS_ENDPOINT_URL_ROLEGATE, AWS_ENDPOINT_URL, default http://127.0.0.1:7653)
              --region R --profile P (as the AWS CLI)
`;

/** Runs the command; resolves with the exit code. Writes the token to `out`, reasons to `err`. */
export async function tokenCommand(args: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let api: RolegateApi;
  let input: Record<string, unknown>;
  try {
    const o = parseOptions(args, ['audience', 'subject', 'duration-seconds', 'pod-name', 'pod-uid', 'endpoint', 'region', 'profile'], [], ['audience']);
    const subject = o.get('subject');
    const audiences = list(o, 'audience');
    if (subject === undefined || audiences.length === 0) throw new UsageError('--audience and --subject are required');
    // The server holds the limits (600 to 86400): only a number is checked here.
    const duration = integer(o, 'duration-seconds', 0, 999_999_999);
    const url = endpointUrl(o.get('endpoint') ?? (env.AWS_ENDPOINT_URL_ROLEGATE || env.AWS_ENDPOINT_URL || 'http://127.0.0.1:7653'));
    // Resolved before the call, so that "no credentials" is told apart from a refusal.
    const credentials = await callerCredentials(o.get('profile'));
    api = new RolegateApi(url, () => Promise.resolve(credentials), o.get('region') ?? callerRegion());
    const podName = o.get('pod-name');
    const podUid = o.get('pod-uid');
    input = {
      Subject: subject,
      Audience: audiences,
      ...(duration === undefined ? {} : { DurationSeconds: duration }),
      ...(podName === undefined ? {} : { PodName: podName }),
      ...(podUid === undefined ? {} : { PodUid: podUid }),
    };
  } catch (e) {
    // Usage, or no credentials (or the SDK's refusal of a half-set environment).
    err(`rolegate token: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  let answer: Record<string, unknown>;
  try {
    answer = await api.rolegate('CreateServiceAccountToken', input);
  } catch (e) {
    if (e instanceof ServiceError) err(`rolegate token: ${e.type}${e.serverMessage === '' ? '' : `: ${e.serverMessage}`}\n`);
    else err(`rolegate token: cannot reach ${api.endpoint.origin}\n`);
    return 1;
  }
  if (typeof answer.Token !== 'string') {
    err('rolegate token: the server answered without a token\n');
    return 1;
  }
  out(`${answer.Token}\n`);
  return 0;
}
