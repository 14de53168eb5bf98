/**
 * `rolegate roles-anywhere credential-process|serve|update`: IAM Roles Anywhere's credential
 * helper, with the flags, output and behaviour of AWS's `aws_signing_helper` (a certificate and its
 * private key from files; no certificate stores, PKCS#11, TPM or PKCS#12):
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/credential-helper.html
 * - credential-process prints the credential_process JSON (one line, as the helper prints it);
 * - serve answers an IMDSv2-shaped endpoint on 127.0.0.1:PORT (default 9911): the token PUT, the
 *   security-credentials listing and the role's document, renewed five minutes before expiry;
 * - update keeps a profile of the shared credentials file fresh (renewed five minutes before
 *   expiry; --once: a single update), the file replaced atomically with mode 0600.
 * Unlike the other commands, nothing here signs with AWS keys: the certificate is the credential.
 */
import { env, stderr, stdout } from 'node:process';
import { type FileCredentials, sharedCredentialsFile, updateCredentialsFile, validProfileName } from './credentials-file.js';
import { startMetadataEndpoint } from './imds-server.js';
import { UsageError, endpoint, integer, parseOptions, required } from './options.js';
import { type SessionCredentials, type SessionParams, type SigningMaterial, createSession, loadSigningMaterial } from './roles-anywhere-session.js';
import { isoSeconds } from './workload.js';

export const ROLES_ANYWHERE_USAGE = `  roles-anywhere credential-process|serve|update
                         IAM Roles Anywhere credentials for an X.509 certificate (as aws_signing_helper)
                           --certificate FILE (PEM or DER) --private-key FILE (PEM, unencrypted)
                           [--intermediates FILE (PEM bundle)] --trust-anchor-arn ARN --profile-arn ARN
                           --role-arn ARN --endpoint URL [--region R (default: the trust anchor's)]
                           [--session-duration N (900-43200, default 3600)] [--role-session-name NAME] [--debug]
                         credential-process  print credential_process JSON
                         serve               IMDSv2 endpoint on 127.0.0.1: [--port P (default 9911)] [--hop-limit N]
                         update              keep a profile of the shared credentials file fresh:
                                             [--profile NAME (default "default")] [--once]
`;

const COMMON = ['certificate', 'private-key', 'intermediates', 'trust-anchor-arn', 'profile-arn', 'role-arn', 'endpoint', 'region', 'session-duration', 'role-session-name', 'pkcs8-password'];
const DEFAULT_PORT = 9911;
/** As aws_signing_helper: refresh five minutes before the credentials expire. */
const REFRESH_AHEAD_MS = 5 * 60_000;
/** Never sooner than this between two updates (credentials issued with less than five minutes left), nor after a failure. */
const MIN_WAIT_MS = 60_000;

const TRUST_ANCHOR_ARN = /^arn:[a-z0-9-]{1,20}:rolesanywhere:([a-z0-9-]{1,64}):\d{12}:trust-anchor\/[0-9a-f-]{1,64}$/;
const PROFILE_ARN = /^arn:[a-z0-9-]{1,20}:rolesanywhere:([a-z0-9-]{1,64}):\d{12}:profile\/[0-9a-f-]{1,64}$/;
const ROLE_ARN = /^arn:[a-z0-9-]{1,20}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

interface Helper {
  readonly params: SessionParams;
  readonly material: SigningMaterial;
  readonly debug?: ((line: string) => void) | undefined;
}

const log = (line: string): void => void stderr.write(`rolegate roles-anywhere: ${line}\n`);

/** The options every subcommand shares, checked; the key and certificates read. */
function helper(o: Map<string, string>): Helper {
  if (o.has('pkcs8-password')) throw new UsageError('--pkcs8-password: encrypted private keys are not supported; give an unencrypted PEM key (mode 0600)');
  const trustAnchorArn = required(o, 'trust-anchor-arn');
  const profileArn = required(o, 'profile-arn');
  const roleArn = required(o, 'role-arn');
  const anchorRegion = TRUST_ANCHOR_ARN.exec(trustAnchorArn)?.[1];
  if (anchorRegion === undefined) throw new UsageError('--trust-anchor-arn must be a trust anchor ARN (arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID)');
  const profileRegion = PROFILE_ARN.exec(profileArn)?.[1];
  if (profileRegion === undefined) throw new UsageError('--profile-arn must be a profile ARN (arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID)');
  if (profileRegion !== anchorRegion) throw new UsageError("the trust anchor's and the profile's regions don't match");
  if (!ROLE_ARN.test(roleArn)) throw new UsageError('--role-arn must be a role ARN (arn:aws:iam::ACCOUNT:role/NAME)');
  const region = o.get('region') ?? anchorRegion;
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new UsageError('--region must be a region name (us-east-1)');
  const roleSessionName = o.get('role-session-name');
  if (roleSessionName === '') throw new UsageError('--role-session-name must not be empty');
  const params: SessionParams = {
    endpoint: endpoint(o),
    trustAnchorArn,
    profileArn,
    roleArn,
    region,
    durationSeconds: integer(o, 'session-duration', 900, 43200) ?? 3600,
    roleSessionName,
  };
  const material = loadSigningMaterial({ certificate: required(o, 'certificate'), privateKey: required(o, 'private-key'), intermediates: o.get('intermediates') });
  return { params, material, debug: o.has('debug') ? (line) => log(`debug: ${line}`) : undefined };
}

const session = (h: Helper): Promise<SessionCredentials> => createSession(h.params, h.material, h.debug);

async function credentialProcess(args: readonly string[]): Promise<void> {
  const h = helper(parseOptions(args, COMMON, ['debug']));
  const c = await session(h);
  // One line without a newline, as aws_signing_helper prints it.
  stdout.write(JSON.stringify({ Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration }));
}

async function serve(args: readonly string[]): Promise<void> {
  const o = parseOptions(args, [...COMMON, 'port', 'hop-limit'], ['debug']);
  const h = helper(o);
  const port = integer(o, 'port', 0, 65535) ?? DEFAULT_PORT;
  // The IP TTL of aws_signing_helper's answers: accepted for its command lines; this endpoint
  // listens on 127.0.0.1 only, so no packet to or from it crosses a hop whatever the limit.
  integer(o, 'hop-limit', 1, 255);
  const server = await startMetadataEndpoint({
    port,
    log,
    fetch: async () => {
      const c = await session(h);
      return { ...c, roleArn: c.roleArn || h.params.roleArn, sessionArn: c.sessionArn || h.params.roleArn, issuedAt: Date.now() };
    },
  });
  stdout.write(
    `rolegate roles-anywhere: serving the credentials of role ${server.roleName} on ${server.url}\n` +
      `rolegate roles-anywhere: point programs at it with AWS_EC2_METADATA_SERVICE_ENDPOINT=${server.url}/\n`,
  );
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function update(args: readonly string[]): Promise<void> {
  const o = parseOptions(args, [...COMMON, 'profile'], ['debug', 'once']);
  const profile = o.get('profile') ?? 'default';
  if (!validProfileName(profile)) throw new UsageError('--profile must be a name a credentials file section can hold (no brackets, no line breaks)');
  const h = helper(o);
  const file = sharedCredentialsFile(env);
  const write = (c: FileCredentials & { expiresAt: number }): void => {
    updateCredentialsFile(file, profile, c);
    log(`profile ${profile} of ${file} updated; the credentials expire at ${isoSeconds(c.expiresAt)}`);
  };
  // The first update must succeed (a wrong certificate or ARN is said at once, exit 1).
  let current = await session(h);
  write(current);
  if (o.has('once')) return;
  process.once('SIGINT', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
  for (;;) {
    const at = Math.max(current.expiresAt - REFRESH_AHEAD_MS, Date.now() + MIN_WAIT_MS);
    log(`the credentials will be refreshed at ${isoSeconds(at)}`);
    await sleep(at - Date.now());
    try {
      current = await session(h);
      write(current);
    } catch (e) {
      // The file keeps the last credentials (still good until they expire); try again.
      log(`refresh failed: ${e instanceof Error ? e.message : String(e)}`);
      current = { ...current, expiresAt: 0 };
    }
  }
}

export async function rolesAnywhere(args: readonly string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'credential-process':
      return credentialProcess(rest);
    case 'serve':
      return serve(rest);
    case 'update':
      return update(rest);
    default:
      throw new UsageError(sub === undefined ? 'roles-anywhere needs a subcommand: credential-process, serve or update' : `unknown roles-anywhere subcommand '${sub}'`);
  }
}
