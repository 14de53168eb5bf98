/** Helpers for the service-linked role tests. */
import { GetServiceLinkedRoleDeletionStatusCommand, type GetServiceLinkedRoleDeletionStatusCommandOutput, type IAMClient } from '@aws-sdk/client-iam';
import type { RolegateServer } from '../../src/app/app.js';
import { DELETIONS } from '../../src/iam/service-linked/runner.js';

/** Polls the task until it leaves NOT_STARTED / IN_PROGRESS (AWS's deletion is asynchronous too). */
export async function settled(iam: IAMClient, id: string): Promise<GetServiceLinkedRoleDeletionStatusCommandOutput> {
  for (let i = 0; i < 200; i++) {
    const r = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }));
    if (r.Status === 'SUCCEEDED' || r.Status === 'FAILED') return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`deletion task ${id} did not finish`);
}

export interface HeldDeletions {
  /** The tasks in the order the runner reached them (each already claimed by then). */
  readonly order: readonly string[];
  /** Resolves once the runner holds the task `id`. */
  reached(id: string): Promise<void>;
  /** Lets every task held, and every later one, complete (the order is still recorded). */
  release(): void;
  /** Removes the hold from the runner. */
  stop(): void;
}

/**
 * Holds the server's deletion runner between claiming a task and completing it, through the
 * runner's test seam (DeletionRunner.beforeComplete): no timing, the test says when it goes on.
 */
export function holdDeletions(server: RolegateServer): HeldDeletions {
  const runner = server.services.get(DELETIONS);
  const order: string[] = [];
  const waiting = new Map<string, () => void>();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  runner.beforeComplete = async (_account, id) => {
    order.push(id);
    waiting.get(id)?.();
    await gate;
  };
  return {
    order,
    reached: (id) => (order.includes(id) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(id, resolve))),
    release: () => open(),
    stop: () => {
      open();
      runner.beforeComplete = undefined;
    },
  };
}
