/**
 * A small closed-loop HTTP load generator: N keep-alive connections, each sending the next request
 * as soon as the previous answer arrives, for a fixed time. Bounded in count and time; loopback only.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50ms: number;
  readonly p99ms: number;
}

export interface PreparedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function once(agent: Agent, port: number, r: PreparedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: r.path, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

export async function load(port: number, next: () => PreparedRequest, connections: number, seconds: number, expectStatus = 200): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const stopAt = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        const s = performance.now();
        const status = await once(agent, port, next()).catch(() => -1);
        if (status !== expectStatus) errors++;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: latencies.length, errors, seconds: elapsed, perSecond: latencies.length / elapsed, p50ms: pct(0.5), p99ms: pct(0.99) };
}
