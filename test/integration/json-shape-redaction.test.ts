/**
 * A JSON body refused for its shape (deeper than 32 levels, more than 10,000 values) is never
 * built: decodeJson refuses it with a linear scan, and the error path that looks for sensitive
 * values to hide (http/redact.ts) used to JSON.parse the whole body again — 1 MiB of `[[[…]]]`
 * held the event loop 120–270 ms after the refusal (issue 11). JSON.parse, a builtin, is watched
 * for a call on text of the body's length.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../src/sigv4/index.js';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

const MIB = 1024 * 1024;
const TARGET = 'AWSOrganizationsV20161128.CreateAccount';

async function send(t: TestServer, body: string): Promise<unknown> {
  const url = new URL(t.url);
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET }, body },
    { ...ADMIN, region: 'us-east-1', service: 'organizations', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  return JSON.parse(await (await fetch(t.url, { method: 'POST', headers, body })).text());
}

describe('JSON bodies refused for their shape are not parsed on the error path', () => {
  let t: TestServer;
  const parsed: number[] = [];
  const original = JSON.parse;
  before(async () => {
    t = await startTestServer();
    JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
      parsed.push(String(text).length);
      return original(text, reviver) as unknown;
    }) as typeof JSON.parse;
  });
  after(async () => {
    JSON.parse = original;
    await t.close();
  });

  it('1 MiB of nested arrays in a sensitive-member action: SerializationException, the body never parsed', async () => {
    parsed.length = 0;
    const body = `{"Email":${'['.repeat(MIB / 2 - 20)}${']'.repeat(MIB / 2 - 20)}}`;
    const r = await send(t, body);
    assert.deepEqual(r, { __type: 'SerializationException', Message: 'The request body nests deeper than 32 levels.' });
    assert.ok(!parsed.includes(body.length), 'the body was parsed');
  });

  it('1 MiB of empty objects: the same', async () => {
    parsed.length = 0;
    const body = `{"Tags":[${Array.from({ length: (MIB - 40) / 3 }, () => '{}').join(',')}]}`;
    const r = await send(t, body);
    assert.deepEqual(r, { __type: 'SerializationException', Message: 'The request body holds more than 10000 values.' });
    assert.ok(!parsed.includes(body.length), 'the body was parsed');
  });
});
