/**
 * The master key: ROLEGATE_MASTER_KEY (64 hex characters), else `<data-dir>/master.key`, generated
 * with mode 0600 on first start. Every node of a cluster must be given the same value.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function loadMasterKey(dataDir: string, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('ROLEGATE_MASTER_KEY must be 32 bytes as 64 hexadecimal characters');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = join(dataDir, 'master.key');
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a 64-hex-character key`);
    return Buffer.from(text, 'hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process wrote first.
  const fh = await open(file, 'wx', 0o600);
  try {
    await fh.writeFile(`${key.toString('hex')}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return key;
}
