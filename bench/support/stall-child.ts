/**
 * The server of bench/stall.ts, alone in its process so that only its own work (and its own
 * garbage) shows in its event loop. Prints `PORT <n>`; over IPC, 'reset' clears the loop delay
 * histogram and 'read' answers its maximum in milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../../src/app/app.js';
import { parseConfig } from '../../src/core/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-stall-'));
const server = await startServer(parseConfig(['--port', '0', '--data-dir', dataDir], process.env), { log: () => {} });
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
let cpu = process.cpuUsage();
process.on('message', (m) => {
  if (m === 'reset') {
    h.reset();
    cpu = process.cpuUsage();
  }
  const used = process.cpuUsage(cpu);
  process.send?.(m === 'read' ? [h.max / 1e6, (used.user + used.system) / 1000] : 'ok');
});
process.on('disconnect', () => {
  h.disable();
  void server.close().then(() => rmSync(dataDir, { recursive: true, force: true }));
});
process.stdout.write(`PORT ${new URL(server.url).port}\n`);
