import assert from 'node:assert/strict';
import type { Credentials } from './server.js';

/** Asserts that `p` rejects with an error of this name (the SDK's name) and, if given, this message. */
export async function rejectsWith(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

type WithCredentials = {
  Credentials?: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined } | undefined;
};

/** The temporary credentials of an STS response, ready for a client. */
export function sessionCredentials(r: WithCredentials): Credentials {
  const c = r.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
