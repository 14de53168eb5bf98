/** The audit writer: batched lines reach the file whole, one file per UTC day, nothing lost on close. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type AuditRecord, AuditLog, eventJson } from '../../src/audit/audit.js';

const record = (time: Date, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  time,
  service: 'sts',
  eventName: 'AssumeRole',
  region: 'us-east-1',
  sourceIp: '127.0.0.1',
  userAgent: 'agent "quoted"',
  identity: '{"type":"IAMUser"}',
  account: '111122223333',
  input: { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 's' },
  result: { Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'very-secret', SessionToken: 'token-value', Expiration: new Date(Date.UTC(2026, 10, 22, 12, 0, 0, 123)) } },
  requestId: 'req-1',
  eventId: 'evt-1',
  ...extra,
});

describe('audit', () => {
  it('builds a CloudTrail record: members in order, secrets hidden, client strings escaped', () => {
    const e = JSON.parse(eventJson(record(new Date(Date.UTC(2026, 10, 22, 10, 0, 0, 500))))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(e), [
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent', 'recipientAccountId',
    ]);
    assert.equal(e.eventTime, '2026-11-22T10:00:00Z');
    assert.equal(e.userAgent, 'agent "quoted"');
    assert.deepEqual(e.responseElements, {
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'HIDDEN_DUE_TO_SECURITY_REASONS', sessionToken: 'HIDDEN_DUE_TO_SECURITY_REASONS', expiration: '2026-11-22T12:00:00Z' },
    });
    const failed = JSON.parse(eventJson(record(new Date(), { errorCode: 'AccessDenied', errorMessage: 'no "way"' }))) as Record<string, unknown>;
    assert.equal(failed.errorCode, 'AccessDenied');
    assert.equal(failed.errorMessage, 'no "way"');
    assert.equal(failed.responseElements, null);
    const read = JSON.parse(eventJson(record(new Date(), { eventName: 'GetRole' }))) as Record<string, unknown>;
    assert.equal(read.readOnly, true);
    assert.equal(read.responseElements, null);
  });

  it('follows a change of any envelope member from one call to the next (the repeated text is remembered)', () => {
    const t = new Date(Date.UTC(2026, 10, 22, 10, 0, 0));
    const changes: Partial<AuditRecord>[] = [
      {},
      { service: 'iam' },
      { eventName: 'CreateRole' },
      { region: 'eu-west-1' },
      { sourceIp: '10.0.0.9' },
      { userAgent: 'other/1.0 \u2028' },
      { identity: '{"type":"Root"}' },
      { time: new Date(t.getTime() + 1000) },
      { account: undefined },
      { eventName: 'GetRole' },
      {},
    ];
    for (const change of changes) {
      const r = record(t, change);
      const e = JSON.parse(eventJson(r)) as Record<string, unknown>;
      assert.deepEqual(e.userIdentity, JSON.parse(r.identity!));
      assert.equal(e.eventTime, r.time.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      assert.equal(e.readOnly, r.eventName === 'GetRole');
      assert.equal(e.recipientAccountId, r.account);
      assert.equal(e.requestID, r.requestId);
      assert.equal(e.eventSource, `${r.service}.amazonaws.com`);
      assert.equal(e.eventName, r.eventName);
      assert.equal(e.awsRegion, r.region);
      assert.equal(e.sourceIPAddress, r.sourceIp);
      assert.equal(e.userAgent, r.userAgent);
    }
  });

  it('encodes nested values: lists, maps, empty objects, numbers, booleans, dates, undefined members dropped', () => {
    const input = { Tags: [{ Key: 'k', Value: 'v' }], Map: new Map([['A', 1]]), Empty: {}, N: 3, B: false, Skip: undefined, When: new Date(Date.UTC(2026, 0, 1)) };
    const e = JSON.parse(eventJson(record(new Date(), { input }))) as Record<string, unknown>;
    assert.deepEqual(e.requestParameters, { tags: [{ key: 'k', value: 'v' }], map: { a: 1 }, empty: {}, n: 3, b: false, when: '2026-01-01T00:00:00Z' });
  });

  it('writes every line whole, across batches and days, by close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-audit-'));
    try {
      const log = new AuditLog(dir);
      const day1 = Date.UTC(2026, 10, 21, 23, 59, 0);
      const big = 'x'.repeat(300 * 1024); // larger than one batch: written on its own
      for (let i = 0; i < 3000; i++) log.write(record(new Date(day1 + i * 40), { requestId: `r${i}`, ...(i === 1500 ? { userAgent: big } : {}) }));
      await log.close();
      const files = readdirSync(join(dir, 'audit')).sort();
      assert.deepEqual(files, ['2026-11-21.jsonl', '2026-11-22.jsonl']);
      const lines = files.flatMap((f) => readFileSync(join(dir, 'audit', f), 'utf8').split('\n').filter((l) => l !== ''));
      assert.equal(lines.length, 3000);
      lines.forEach((l, i) => assert.equal((JSON.parse(l) as { requestID: string }).requestID, `r${i}`));
      const first = readFileSync(join(dir, 'audit', files[0]!), 'utf8').split('\n').filter((l) => l !== '');
      assert.equal(first.length, 1500); // 60 s at 40 ms
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still records a call that ends after close began', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-audit-'));
    try {
      const log = new AuditLog(dir);
      const t = new Date(Date.UTC(2026, 10, 22, 8, 0, 0));
      log.write(record(t, { requestId: 'before' }));
      const closing = log.close();
      log.write(record(t, { requestId: 'after' }));
      await closing;
      const ids = readFileSync(join(dir, 'audit', '2026-11-22.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { requestID: string }).requestID);
      assert.deepEqual(ids.sort(), ['after', 'before']);
      assert.deepEqual(readdirSync(join(dir, 'audit')), ['2026-11-22.jsonl']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
