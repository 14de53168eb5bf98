#!/usr/bin/env node
/** The `rolegate` command. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { argv, env, exit, stderr, stdout } from 'node:process';
import { DRAIN_MS, type RolegateServer, startServer } from '../app/app.js';
import { POD_IDENTITY_AGENT_USAGE, podIdentityAgentCommand } from './pod-identity-agent.js';
import { type BootstrapResult, CREDENTIALS_FILE } from '../app/bootstrap.js';
import { parseConfig } from '../core/config.js';
import { containerCredentials } from './container-credentials.js';
import { credentials } from './credentials.js';
import { imds } from './imds.js';
import { UsageError } from './options.js';
import { ROLES_ANYWHERE_USAGE, rolesAnywhere } from './roles-anywhere.js';
import { TOKEN_USAGE, tokenCommand } from './token.js';
import { ONE_TIME_PASSWORD_USAGE, oneTimePasswordCommand } from './one-time-password.js';

const USAGE = `usage: rolegate <command> [options]

commands:
${POD_IDENTITY_AGENT_USAGE}  serve     start the server (IAM, STS and Organizations on one port)
              --host H            (ROLEGATE_HOST, default 127.0.0.1)
              --port P            (ROLEGATE_PORT, default 7653)
              --data-dir D        (ROLEGATE_DATA_DIR, default ./.rolegate)
              --database-url URL  (ROLEGATE_DATABASE_URL, postgres://…; default SQLite in the data dir)
  credentials            print a role's credentials as credential_process JSON
                           --endpoint URL --role-arn ARN [--duration-seconds N]
  imds                   serve instance metadata (IMDSv2) for an instance profile on 127.0.0.1
                           --endpoint URL --instance-profile NAME [--account ID] --port PORT
                           [--imdsv1]  (also answer IMDSv1 requests, without a token)
  container-credentials  serve a task role's credentials on http://127.0.0.1:PORT/v2/credentials
                           --endpoint URL --role-arn ARN --port PORT --auth-token TOKEN
                           (or --auth-token-file FILE: the token stays out of ps)
                           [--relative-uri]  (also /v2/credentials/<random id>, no token)
                           [--host 169.254.170.2]  (the ECS agent's address, if configured)
${TOKEN_USAGE}${ROLES_ANYWHERE_USAGE}${ONE_TIME_PASSWORD_USAGE}  help      show this text

The credentials, imds and container-credentials commands sign with the caller's credentials as the
AWS CLI finds them (AWS_ACCESS_KEY_ID…, else AWS_PROFILE in the shared files); region AWS_REGION.
roles-anywhere signs with the certificate's private key only.
`;

async function serve(args: readonly string[]): Promise<void> {
  const config = parseConfig(args, env);
  // Set once started; the signal handlers are installed before, and read it.
  const running: { server?: RolegateServer } = {};
  let stopping = false;
  // Connections cut by a second signal (the drain then ends at once).
  let forced: number | undefined;
  const shutdown = (s: RolegateServer): void => {
    s.close().then(
      (r) => {
        const requests =
          forced !== undefined
            ? `${forced} cut by the second signal`
            : r.cut === 0
              ? 'every request in flight finished'
              : `${r.cut} cut at the deadline with requests still running`;
        stdout.write(`rolegate: stopped (${r.open} connection(s) open at the signal; ${requests}; audit log flushed)\n`);
        exit(0);
      },
      (e: unknown) => {
        stderr.write(`rolegate: shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
        exit(1);
      },
    );
  };
  const stop = (signal: string): void => {
    if (stopping) {
      const s = running.server;
      if (s === undefined || forced !== undefined) {
        stderr.write(`rolegate: ${signal} again: exiting now\n`);
        exit(1);
      }
      // Acknowledged calls still have their events in the audit batch: cut, but flush before exit.
      stderr.write(`rolegate: ${signal} again: cutting the connections still open; the audit log is flushed before exit (another signal exits at once)\n`);
      forced = 0;
      s.server.getConnections((_e, n) => {
        forced = n ?? 0;
        s.server.closeAllConnections();
      });
      return;
    }
    stopping = true;
    stdout.write(`rolegate: ${signal} received: shutting down (no new connections; requests in flight finish, at most ${DRAIN_MS / 1000} s)\n`);
    // A signal during the start lets it finish (a bootstrap is not cut between commit and file),
    // within the same bound: a start stuck on a database that never answers is ended.
    if (running.server !== undefined) {
      shutdown(running.server);
    } else {
      setTimeout(() => {
        if (running.server !== undefined) return;
        stderr.write(`rolegate: the start did not finish within ${DRAIN_MS / 1000} s of the signal: exiting\n`);
        exit(1);
      }, DRAIN_MS);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const server = await startServer(config);
  running.server = server;
  const { account, created } = server.bootstrap;
  // One write: whoever reads the serving line has the rest of the start message with it.
  stdout.write(
    `rolegate: serving IAM, STS and Organizations on ${server.url} (account ${account}, data in ${config.dataDir})\n` +
      startMessage(config.dataDir, server.url, account, created),
  );
  if (stopping) shutdown(server);
}

/** Only what is true: the secret only when generated now, the file only when it exists. */
function startMessage(dataDir: string, url: string, account: string, created: BootstrapResult['created']): string {
  if (created?.secretAccessKey !== undefined) {
    const file = created.credentialsFile;
    return (
      `rolegate: created the admin user of account ${account}. Its credentials (shown once):\n` +
      `  aws_access_key_id     = ${created.accessKeyId}\n` +
      `  aws_secret_access_key = ${created.secretAccessKey}\n` +
      (file === undefined
        ? ''
        : `  also written to ${file} (profile "rolegate"):\n` +
          `  AWS_SHARED_CREDENTIALS_FILE=${file} AWS_PROFILE=rolegate aws --endpoint-url ${url} sts get-caller-identity\n`)
    );
  }
  if (created !== undefined) {
    return `rolegate: created the admin user of account ${account} with the access key ${created.accessKeyId} given in ROLEGATE_ADMIN_ACCESS_KEY_ID (its secret is not printed)\n`;
  }
  const file = join(dataDir, CREDENTIALS_FILE);
  return existsSync(file) ? `rolegate: the admin user of account ${account}: the access key created on first start was saved in ${file} (profile "rolegate")\n` : '';
}

/** A command that ends when its promise does: a usage error exits 2, any other failure 1. */
function run(p: Promise<void>): void {
  p.catch((e: unknown) => {
    stderr.write(`rolegate: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof UsageError) stderr.write(USAGE);
    exit(e instanceof UsageError ? 2 : 1);
  });
}

function main(args: readonly string[]): void {
  const [command = 'help', ...rest] = args;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      stdout.write(USAGE);
      return;
    case 'serve':
      serve(rest).catch((e: unknown) => {
        stderr.write(`rolegate: ${e instanceof Error ? e.message : String(e)}\n`);
        exit(1);
      });
      return;
    case 'pod-identity-agent':
      void podIdentityAgentCommand(rest, (s) => stdout.write(s), (s) => stderr.write(s)).then((code) => {
        process.exitCode = code;
      });
      return;
    case 'token':
      void tokenCommand(rest, (s) => stdout.write(s), (s) => stderr.write(s)).then((code) => {
        process.exitCode = code;
      });
      return;
    case 'one-time-password':
      void oneTimePasswordCommand(rest, (s) => stdout.write(s), (s) => stderr.write(s)).then((code) => {
        process.exitCode = code;
      });
      return;
    case 'credentials':
      run(credentials(rest));
      return;
    case 'imds':
      run(imds(rest));
      return;
    case 'container-credentials':
      run(containerCredentials(rest));
      return;
    case 'roles-anywhere':
      run(rolesAnywhere(rest));
      return;
    default:
      stderr.write(`rolegate: unknown command '${command}'\n${USAGE}`);
      exit(2);
  }
}

main(argv.slice(2));
