import { execFileSync } from 'node:child_process';

/** The AWS CLI's version line, or undefined when no `aws` is on PATH (tests then fail under CI, skip elsewhere). */
export function awsCli(): string | undefined {
  try {
    return execFileSync('aws', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
