/**
 * The audit event of a call to Rolegate's own service (`rolegate`, RolegateV20261201.*): its
 * eventSource is `rolegate.local`, never a name under amazonaws.com, which AWS's services own
 * (README, "Audit"). Its calls and its errors are audited like any other.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('audit events of the rolegate service', () => {
  let t: TestServer;
  let closed = false;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    if (!closed) await t.close();
  });

  it('eventSource is rolegate.local for RolegateV20261201.* calls, allowed or failed; IAM calls keep iam.amazonaws.com', async () => {
    await t.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const rg = rolegateClient(t);
    const resource = `arn:aws:ecs:us-east-1:${t.account}:cluster/audited`;
    assert.equal((await rg.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForECS', ResourceArns: [resource] })).status, 200);
    assert.equal((await rg.send('ListRoleUsage', { RoleName: 'nosuch' })).status, 404);
    await t.server.close(); // flushes the audit stream
    closed = true;
    const dir = join(t.dataDir, 'audit');
    const events = readdirSync(dir)
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const declared = events.find((e) => e.eventName === 'DeclareRoleUsage');
    assert.ok(declared);
    assert.equal(declared.eventSource, 'rolegate.local');
    assert.equal(declared.readOnly, false);
    assert.deepEqual(declared.requestParameters, { roleName: 'AWSServiceRoleForECS', resourceArns: [resource] });
    const listed = events.find((e) => e.eventName === 'ListRoleUsage');
    assert.ok(listed);
    assert.equal(listed.eventSource, 'rolegate.local');
    assert.equal(listed.errorCode, 'NoSuchEntity');
    assert.equal(events.find((e) => e.eventName === 'CreateServiceLinkedRole')?.eventSource, 'iam.amazonaws.com');
  });
});
