/** Helpers for the service-linked role tests. */
import { GetServiceLinkedRoleDeletionStatusCommand, type GetServiceLinkedRoleDeletionStatusCommandOutput, type IAMClient } from '@aws-sdk/client-iam';

/** Polls the task until it leaves NOT_STARTED / IN_PROGRESS (AWS's deletion is asynchronous too). */
export async function settled(iam: IAMClient, id: string): Promise<GetServiceLinkedRoleDeletionStatusCommandOutput> {
  for (let i = 0; i < 200; i++) {
    const r = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }));
    if (r.Status === 'SUCCEEDED' || r.Status === 'FAILED') return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`deletion task ${id} did not finish`);
}
