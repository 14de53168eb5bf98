#!/usr/bin/env node
/** The `rolegate` command. */
import { argv, env, exit, stderr, stdout } from 'node:process';
import { parseConfig } from '../server/config.js';
import { startServer } from '../server/app.js';

const USAGE = `usage: rolegate <command> [options]

commands:
  serve     start the server (IAM, STS and Organizations on one port)
              --host H            (ROLEGATE_HOST, default 127.0.0.1)
              --port P            (ROLEGATE_PORT, default 7653)
              --data-dir D        (ROLEGATE_DATA_DIR, default ./.rolegate)
              --database-url URL  (ROLEGATE_DATABASE_URL, postgres://…; default SQLite in the data dir)
  help      show this text
`;

async function serve(args: readonly string[]): Promise<void> {
  const config = parseConfig(args, env);
  const server = await startServer(config);
  const { account, created } = server.bootstrap;
  stdout.write(`rolegate: serving IAM, STS and Organizations on ${server.url} (account ${account}, data in ${config.dataDir})\n`);
  if (created !== undefined) {
    stdout.write(
      `rolegate: created the admin user of account ${account}. Its credentials (shown once):\n` +
        `  aws_access_key_id     = ${created.accessKeyId}\n` +
        `  aws_secret_access_key = ${created.secretAccessKey}\n` +
        (created.credentialsFile === undefined
          ? ''
          : `  also written to ${created.credentialsFile} (profile "rolegate"):\n` +
            `  AWS_SHARED_CREDENTIALS_FILE=${created.credentialsFile} AWS_PROFILE=rolegate aws --endpoint-url ${server.url} sts get-caller-identity\n`),
    );
  } else {
    stdout.write(`rolegate: the admin credentials were printed on first start and saved in ${config.dataDir}/admin-credentials (profile "rolegate")\n`);
  }
  const stop = (): void => {
    server.close().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
    default:
      stderr.write(`rolegate: unknown command '${command}'\n${USAGE}`);
      exit(2);
  }
}

main(argv.slice(2));
