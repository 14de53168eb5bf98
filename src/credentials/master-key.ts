/**
 * The master key: ROLEGATE_MASTER_KEY (64 hex characters), else `<data-dir>/master.key`, generated
 * with mode 0600 on first start. Every node of a cluster must be given the same value.
 *
 * Reading and generating are separate steps: a key is generated only for a store that holds no
 * data yet (the caller decides), so a lost key file never silently becomes a new key. Each key
 * carries where it came from, for the messages that refuse a key that does not open the data.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface MasterKey {
  readonly key: Buffer;
  readonly source: 'env' | 'file' | 'generated';
  /** Where the key came from, for operators: the variable or the file (never the key). */
  readonly from: string;
}

export const MASTER_KEY_FILE = 'master.key';

/** The configured key (environment, else the key file), or undefined when there is none yet. */
export async function readMasterKey(dataDir: string, fromEnv: string | undefined): Promise<MasterKey | undefined> {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('ROLEGATE_MASTER_KEY must be 32 bytes as 64 hexadecimal characters');
    return { key: Buffer.from(fromEnv, 'hex'), source: 'env', from: 'ROLEGATE_MASTER_KEY (environment)' };
  }
  const file = join(dataDir, MASTER_KEY_FILE);
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a 64-hex-character key`);
    return { key: Buffer.from(text, 'hex'), source: 'file', from: `${file} (read from the file)` };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return undefined;
  }
}

/**
 * Writes a new key file; when another process wrote one first, that key is read instead. The key
 * is written and synced under a temporary name, then linked into place: link() never overwrites,
 * and another node sharing the directory never reads a half-written key.
 */
export async function generateMasterKey(dataDir: string): Promise<MasterKey> {
  const file = join(dataDir, MASTER_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const temp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(temp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(`${key.toString('hex')}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const existing = await readMasterKey(dataDir, undefined);
      if (existing === undefined) throw e;
      return existing;
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDir(dataDir);
  return { key, source: 'generated', from: `${file} (generated now: no ROLEGATE_MASTER_KEY and no key file)` };
}

/** The directory entry of a new file survives a power loss only once the directory is synced (the key file, the admin credentials). */
export async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Removes a key file this start generated, when the start is refused: the next start must not find it. */
export async function discardGeneratedKey(dataDir: string, key: MasterKey): Promise<void> {
  if (key.source !== 'generated') return;
  await unlink(join(dataDir, MASTER_KEY_FILE)).catch(() => undefined);
}
