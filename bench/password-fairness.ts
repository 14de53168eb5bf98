/**
 * A quiet account's password call while another account floods the password hash gate
 * (src/iam/passwords/gate.ts). One server in-process on SQLite; account B's UpdateLoginProfile is
 * timed alone (the baseline), then again while FLOOD_WORKERS clients of account A send
 * UpdateLoginProfile back to back without pause. Printed: B's median time under the flood as a
 * ratio to its median alone, how many of B's calls were served, and how A's calls were answered.
 * Before the fair gate, B's calls under such a flood were answered 503 once A filled the queue.
 *
 * `node dist/bench/password-fairness.js` (FAIRNESS_ROUNDS=n, FLOOD_WORKERS=n).
 */
import { CreateLoginProfileCommand, CreateUserCommand, UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import { allow, putUser } from '../test/support/fixtures.js';
import { startTestServer } from '../test/support/server.js';

const ROUNDS = Number(process.env.FAIRNESS_ROUNDS ?? '7');
const WORKERS = Number(process.env.FLOOD_WORKERS ?? '32');
const PASSWORD = 'Correct-Horse-9';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const t = await startTestServer();
  try {
    const b = await putUser(t, 'admin-b', { account: '222222222222', inline: { p: allow('iam:*') } });
    const iamA = t.iam();
    const iamB = t.iam(b);
    await iamA.send(new CreateUserCommand({ UserName: 'flood-a' }));
    await iamA.send(new CreateLoginProfileCommand({ UserName: 'flood-a', Password: PASSWORD }));
    await iamB.send(new CreateUserCommand({ UserName: 'quiet-b' }));
    await iamB.send(new CreateLoginProfileCommand({ UserName: 'quiet-b', Password: PASSWORD }));

    const timeB = async (): Promise<{ ms: number; ok: boolean }> => {
      const start = performance.now();
      try {
        await iamB.send(new UpdateLoginProfileCommand({ UserName: 'quiet-b', Password: PASSWORD }));
        return { ms: performance.now() - start, ok: true };
      } catch {
        return { ms: performance.now() - start, ok: false };
      }
    };

    await timeB(); // warm-up
    const alone: number[] = [];
    for (let i = 0; i < ROUNDS; i++) alone.push((await timeB()).ms);

    let stop = false;
    const answers = new Map<string, number>();
    const worker = async (): Promise<void> => {
      while (!stop) {
        let code = 'ok';
        try {
          await iamA.send(new UpdateLoginProfileCommand({ UserName: 'flood-a', Password: PASSWORD }));
        } catch (e) {
          code = (e as Error).name;
        }
        answers.set(code, (answers.get(code) ?? 0) + 1);
      }
    };
    const workers = Array.from({ length: WORKERS }, () => worker());
    await new Promise((r) => setTimeout(r, 500)); // let the flood fill A's queue
    const flooded: number[] = [];
    let served = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await timeB();
      if (r.ok) {
        served++;
        flooded.push(r.ms);
      }
    }
    stop = true;
    await Promise.all(workers);

    const base = median(alone);
    console.log('password hash gate fairness (UpdateLoginProfile, scrypt N=2^15)');
    console.log(`  account B alone:           median ${base.toFixed(0)} ms (${ROUNDS} calls)`);
    console.log(`  account B, A flooding (${WORKERS} clients): median ${median(flooded).toFixed(0)} ms, ratio ${(median(flooded) / base).toFixed(2)}x; served ${served}/${ROUNDS}`);
    console.log(`  account A's answers: ${[...answers].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } finally {
    await t.close();
  }
}

await main();
