/**
 * The simulators' work per call is bounded (issue 11, item 9): a call computes one page of the
 * action × resource product — at most CELLS_PER_PAGE evaluations, whatever MaxItems asks — and
 * the Marker points into that product, so a client pages through any size of simulation with the
 * SDK's paginators. AWS: "IAM might return fewer results, even when there are more results
 * available" (API_SimulateCustomPolicy.html, MaxItems).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserCommand, type EvaluationResult, type IAMClient, PutUserPolicyCommand, SimulateCustomPolicyCommand, paginateSimulateCustomPolicy,
  paginateSimulatePrincipalPolicy,
} from '@aws-sdk/client-iam';
import { CELLS_PER_PAGE } from '../../src/iam/simulator/run.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';
import { allowSt, policy } from './iam-simulator-support.js';

const POLICY = policy(allowSt('s3:GetObject', 'arn:aws:s3:::b/even-*'));
const actions = (n: number): string[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 's3:GetObject' : `s3:Other${i}`));
const resources = (n: number): string[] => Array.from({ length: n }, (_, i) => `arn:aws:s3:::b/${i % 2 === 0 ? 'even' : 'odd'}-${i}`);

/** The per-resource decisions, action by action, as one list (results of a split action joined). */
function cells(results: readonly EvaluationResult[]): string[] {
  return results.flatMap((e) => (e.ResourceSpecificResults ?? []).map((r) => `${e.EvalActionName} ${r.EvalResourceName} ${r.EvalResourceDecision}`));
}

function expected(actionNames: readonly string[], arns: readonly string[]): string[] {
  return actionNames.flatMap((a) => arns.map((r) => `${a} ${r} ${a === 's3:GetObject' && r.includes('/even-') ? 'allowed' : 'implicitDeny'}`));
}

describe('simulator: bounded work per call', () => {
  let t: TestServer;
  let iam: IAMClient;

  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'sim' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'sim', PolicyName: 'p', PolicyDocument: POLICY }));
  });
  after(async () => {
    await t.close();
  });

  it('a call computes at most one page of the product even with MaxItems 1000; paging yields every action once', async () => {
    const names = actions(3 * (CELLS_PER_PAGE / 100));
    const arns = resources(100);
    const first = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POLICY], ActionNames: names, ResourceArns: arns, MaxItems: 1000 }));
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    assert.equal(first.EvaluationResults?.length, CELLS_PER_PAGE / 100);
    assert.ok(first.EvaluationResults.every((e) => e.ResourceSpecificResults?.length === 100));
    const all: EvaluationResult[] = [];
    let pages = 0;
    for await (const page of paginateSimulateCustomPolicy({ client: iam, pageSize: 1000 }, { PolicyInputList: [POLICY], ActionNames: names, ResourceArns: arns })) {
      pages++;
      all.push(...(page.EvaluationResults ?? []));
    }
    assert.equal(pages, 3);
    assert.deepEqual(all.map((e) => e.EvalActionName), names);
    assert.deepEqual(cells(all), expected(names, arns));
  });

  it('an action with more resources than a page holds is split over pages, each part aggregating its own resources', async () => {
    // One more resource than a page holds (the Query decoder reads up to 1,001 list members).
    const arns = resources(CELLS_PER_PAGE + 1);
    const all: EvaluationResult[] = [];
    for await (const page of paginateSimulatePrincipalPolicy(
      { client: iam, pageSize: 1000 },
      { PolicySourceArn: `arn:aws:iam::${t.account}:user/sim`, ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: arns },
    )) {
      assert.ok((page.EvaluationResults ?? []).reduce((n, e) => n + (e.ResourceSpecificResults?.length ?? 0), 0) <= CELLS_PER_PAGE);
      all.push(...(page.EvaluationResults ?? []));
    }
    assert.deepEqual(all.map((e) => [e.EvalActionName, e.ResourceSpecificResults?.length]), [
      ['s3:GetObject', CELLS_PER_PAGE], ['s3:GetObject', 1], ['s3:PutObject', CELLS_PER_PAGE], ['s3:PutObject', 1],
    ]);
    assert.deepEqual(cells(all), expected(['s3:GetObject', 's3:PutObject'], arns));
    // Each part's top-level decision is the most restrictive of its resources.
    assert.deepEqual(all.map((e) => e.EvalDecision), ['implicitDeny', 'allowed', 'implicitDeny', 'implicitDeny']);
  });

  it('refuses a Marker it could not have handed out', async () => {
    const send = (Marker: string) => iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POLICY], ActionNames: actions(3), Marker }));
    for (const marker of ['garbage', Buffer.from('3').toString('base64url'), Buffer.from('-1').toString('base64url'), Buffer.from('0').toString('base64url')]) {
      await rejects(send(marker), 'InvalidInput', 'Invalid Marker.', 400);
    }
    const ok = await send(Buffer.from('2').toString('base64url'));
    assert.deepEqual(ok.EvaluationResults?.map((e) => e.EvalActionName), ['s3:GetObject']);
  });

  it('a page holds fewer evaluations when each costs more: a policy of 2,000 wildcard Resource patterns', async () => {
    // Before: one call evaluated every resource of an action whatever the policies' size (5,000
    // patterns × 1,000 resources: 6.5 s in one call). Now the page ends when its estimated work does.
    const wide = policy(allowSt('s3:GetObject', [...Array.from({ length: 2000 }, (_, i) => `arn:aws:s3:::*q*z${i}*`), 'arn:aws:s3:::b/even-*']));
    const arns = resources(30);
    const first = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [wide], ActionNames: ['s3:GetObject'], ResourceArns: arns, MaxItems: 1000 }));
    assert.equal(first.IsTruncated, true);
    assert.ok((first.EvaluationResults?.[0]?.ResourceSpecificResults?.length ?? 0) < arns.length);
    const all: EvaluationResult[] = [];
    for await (const page of paginateSimulateCustomPolicy({ client: iam, pageSize: 1000 }, { PolicyInputList: [wide], ActionNames: ['s3:GetObject'], ResourceArns: arns })) {
      all.push(...(page.EvaluationResults ?? []));
    }
    assert.ok(all.length > 1);
    assert.deepEqual(cells(all), expected(['s3:GetObject'], arns));
  });

  it('refuses a simulation whose single evaluation no page could hold: 1,000 condition patterns × 1,000 context values', async () => {
    const patterns = Array.from({ length: 1000 }, (_, i) => `*q*z${i}*`);
    const heavy = policy(allowSt('s3:GetObject', '*', { Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': patterns } } }));
    const values = Array.from({ length: 1000 }, (_, i) => `${'a'.repeat(30)}${i}`);
    const send = (v: string[]) =>
      iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [heavy], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:TagKeys', ContextKeyType: 'stringList', ContextKeyValues: v }],
      }));
    await rejects(send(values), 'InvalidInput', /^The simulation of s3:GetObject is too large to evaluate: /, 400);
    // A handful of context values is an ordinary simulation.
    const r = await send(values.slice(0, 5));
    assert.equal(r.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
  });

  it('a result that lists thousands of matched statements fills a page: the response stays bounded too', async () => {
    // 2,000 statements that each allow the action: every result lists all 2,000 (AWS lists each
    // matched statement); several such results made a page of megabytes.
    const many = policy(...Array.from({ length: 2000 }, () => allowSt('s3:*')));
    const names = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'];
    const pages: EvaluationResult[][] = [];
    for await (const page of paginateSimulateCustomPolicy({ client: iam, pageSize: 1000 }, { PolicyInputList: [many], ActionNames: names })) {
      pages.push(page.EvaluationResults ?? []);
    }
    assert.deepEqual(pages.map((p) => p.map((e) => [e.EvalActionName, e.EvalDecision, e.MatchedStatements?.length])), names.map((a) => [[a, 'allowed', 2000]]));
  });
});
