/**
 * One profile's keys in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
 * ~/.aws/credentials), as `aws_signing_helper update` keeps them: aws_access_key_id,
 * aws_secret_access_key and aws_session_token of `[profile]` replaced (or the section added), every
 * other line of the file kept as it was. Written atomically (a new file, mode 0600, renamed over
 * the old one), so a reader never sees half a file and the secret is never readable by others.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface FileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const;
const SECTION = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[#;].*)?$/;
const KEY_LINE = /^\s*(aws_access_key_id|aws_secret_access_key|aws_session_token)\s*=/;
/** A value written into the file: one printable token (a server's answer cannot add lines or sections). */
const VALUE = /^[\x21-\x7e]{1,8192}$/;

/** A profile name the file can hold as a section header. */
export const validProfileName = (name: string): boolean => /^[^\s[\]#;][^[\]\r\n]{0,127}$/.test(name) && name.trim() === name;

/** The file's text with `profile`'s three keys set; every other line as it was. Pure. */
export function withProfileCredentials(text: string, profile: string, c: FileCredentials): string {
  if (!validProfileName(profile)) throw new Error(`the profile name ${JSON.stringify(profile)} cannot be a section of the credentials file`);
  const values: Record<(typeof KEYS)[number], string> = { aws_access_key_id: c.accessKeyId, aws_secret_access_key: c.secretAccessKey, aws_session_token: c.sessionToken };
  for (const v of Object.values(values)) if (!VALUE.test(v)) throw new Error('the credentials to write are not single printable tokens');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const start = lines.findIndex((l) => SECTION.exec(l)?.[1] === profile);
  if (start < 0) {
    const added = [`[${profile}]`, ...KEYS.map((k) => `${k} = ${values[k]}`)];
    const before = lines.length > 0 && lines[lines.length - 1]!.trim() !== '' ? [''] : [];
    return [...lines, ...before, ...added, ''].join(eol);
  }
  let end = lines.findIndex((l, i) => i > start && SECTION.test(l));
  if (end < 0) end = lines.length;
  const written = new Set<string>();
  const section: string[] = [];
  for (const line of lines.slice(start + 1, end)) {
    const key = KEY_LINE.exec(line)?.[1] as (typeof KEYS)[number] | undefined;
    if (key === undefined) section.push(line);
    else if (!written.has(key)) {
      section.push(`${key} = ${values[key]}`);
      written.add(key);
    } // a repeated key: dropped (only one value can be meant)
  }
  // Keys the section lacked: after its last non-blank line.
  let last = section.length;
  while (last > 0 && section[last - 1]!.trim() === '') last--;
  section.splice(last, 0, ...KEYS.filter((k) => !written.has(k)).map((k) => `${k} = ${values[k]}`));
  const out = [...lines.slice(0, start + 1), ...section, ...lines.slice(end)];
  return out.join(eol) + eol;
}

/** AWS_SHARED_CREDENTIALS_FILE (a leading ~ expanded, as botocore does), else ~/.aws/credentials. */
export function sharedCredentialsFile(env: NodeJS.ProcessEnv): string {
  const given = env.AWS_SHARED_CREDENTIALS_FILE;
  if (given === undefined || given === '') return join(homedir(), '.aws', 'credentials');
  return given === '~' || given.startsWith('~/') ? join(homedir(), given.slice(1)) : given;
}

/**
 * Replaces the file with `text` atomically: a new file (O_EXCL, mode 0600) in the same directory,
 * flushed, renamed over the target. A symbolic link is followed (its target is replaced, the link
 * kept); a missing directory is created (0700).
 */
export function writeFileAtomic(file: string, text: string): void {
  let target = file;
  try {
    target = realpathSync(file);
  } catch {
    // not there yet
  }
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Sets `profile`'s credentials in `file`, keeping the rest of it. */
export function updateCredentialsFile(file: string, profile: string, c: FileCredentials): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  writeFileAtomic(file, withProfileCredentials(text, profile, c));
}
