#!/usr/bin/env node
/**
 * The `rolegate` command. `rolegate serve` will start the server (issue: server core); until it
 * exists the command says so plainly instead of pretending.
 */
import { argv, exit, stderr, stdout } from 'node:process';

const USAGE = `usage: rolegate <command>

commands:
  serve     start the Rolegate server (not built yet: the policy engine, rolegate/policy, is what exists today)
  help      show this text
`;

function main(args: readonly string[]): number {
  const [command = 'help'] = args;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      stdout.write(USAGE);
      return 0;
    case 'serve':
      stderr.write('rolegate: the server is not built yet. Today Rolegate ships its policy engine as the library rolegate/policy (see README.md).\n');
      return 1;
    default:
      stderr.write(`rolegate: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

exit(main(argv.slice(2)));
