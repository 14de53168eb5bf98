/** Helpers for the simulator tests: policy text builders and result accessors. */
import assert from 'node:assert/strict';
import type { EvaluationResult, SimulatePolicyResponse, Statement } from '@aws-sdk/client-iam';

export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allowSt = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const denySt = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

export function only(r: SimulatePolicyResponse): EvaluationResult {
  assert.equal(r.EvaluationResults?.length, 1, JSON.stringify(r.EvaluationResults));
  return r.EvaluationResults[0]!;
}

export const decisions = (r: SimulatePolicyResponse): Record<string, string | undefined> =>
  Object.fromEntries((r.EvaluationResults ?? []).map((e) => [e.EvalActionName!, e.EvalDecision]));

/** Matched statements as "id@line:col-line:col" for compact assertions. */
export const where = (list: readonly Statement[] | undefined): string[] =>
  (list ?? []).map((s) => `${s.SourcePolicyId}@${s.StartPosition?.Line}:${s.StartPosition?.Column}-${s.EndPosition?.Line}:${s.EndPosition?.Column}`);
