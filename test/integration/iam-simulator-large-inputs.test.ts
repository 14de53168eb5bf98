/**
 * The simulators' own policy documents (PolicyInputList and the like; ~1 MiB a request) are
 * validated and compiled once each, one per event-loop turn, for the call only (issue 11): they
 * were compiled in one turn (250–490 ms for ~35,000 Resource patterns) and then kept in the
 * engine's shared cache of stored documents — ~10 MB of compiled patterns per 131,072
 * characters, up to 2,048 documents — so a caller allowed iam:SimulateCustomPolicy could grow the
 * server's heap by ~80 MB a call.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import {
  CreateRoleCommand, GetContextKeysForCustomPolicyCommand, type IAMClient, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';
import { where } from './iam-simulator-support.js';

let seq = 0;

/** A document of ~95,000 characters (six fill a 1 MiB request) of wildcard Resource patterns for s3:GetObject that match nothing below. */
function wide(extra: object[] = []): string {
  const tag = seq++;
  const resources: string[] = [];
  for (let n = 0, len = 200; len < 95_000; n++) {
    const r = `arn:aws:s3:::other${tag}x${n}*?x*`;
    resources.push(r);
    len += r.length + 3;
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }, ...extra] });
}

const ALLOW_KEY = { Sid: 'Key', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } };

describe('simulator: large PolicyInputList documents', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
  });
  after(async () => {
    await t.close();
  });

  it('six documents of wide Resource lists: the last one decides, as in a small simulation', async () => {
    const list = [wide(), wide(), wide(), wide(), wide(), wide([ALLOW_KEY])];
    const context = [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyType: 'string' as const, ContextKeyValues: ['x'] }];
    const r = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: list, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'], ContextEntries: context }));
    assert.equal(r.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.deepEqual(where(r.EvaluationResults?.[0]?.MatchedStatements).map((s) => s.split('@')[0]), ['PolicyInputList.6']);
    const p = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${t.account}:role/r`, PolicyInputList: list, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/other'] }));
    assert.equal(p.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
    const keys = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: list }));
    assert.deepEqual(keys.ContextKeyNames, ['aws:PrincipalTag/team']);
  });

  it('a malformed document among large ones is refused, naming its own error', async () => {
    const list = [wide(), wide(), wide(), '{"Version":"2012-10-17","Statement":[', wide()];
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: list, ActionNames: ['s3:GetObject'] })), 'InvalidInput', /Syntax errors in policy/);
  });

  it('documents simulated once are not kept: the heap does not grow with each call', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const call = (): Promise<unknown> => iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [wide(), wide(), wide(), wide(), wide(), wide()], ActionNames: ['s3:GetObject'] }));
    await call();
    gc();
    const start = process.memoryUsage().heapUsed;
    for (let i = 0; i < 5; i++) await call();
    gc();
    // 30 fresh documents: ~300 MB when kept, a few MB of anything else.
    const grown = process.memoryUsage().heapUsed - start;
    assert.ok(grown < 100 * 1024 * 1024, `the heap grew by ${Math.round(grown / 1024 / 1024)} MB over 5 calls`);
  });
});
