/** The error an SDK v3 call fails with; the test fails when the call succeeds. */
import assert from 'node:assert/strict';

export interface Failure {
  readonly name: string;
  readonly message: string;
  readonly $metadata: { readonly httpStatusCode?: number };
  /** Members some services add (identitystore's ResourceNotFoundException, ConflictException). */
  readonly ResourceType?: string;
  readonly ResourceId?: string;
  readonly Reason?: string;
}

export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    return e as Failure;
  }
  assert.fail('the call succeeded');
}
