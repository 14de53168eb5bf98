import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from './evaluate.js';
import { missingContextKeys, policyContextKeys } from './explain.js';
import { statementPositions } from './positions.js';

const at = (text: string): string[] => statementPositions(text).map((s) => `${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column}`);

describe('statementPositions', () => {
  it('matches positions recorded from AWS', () => {
    // aws-cli examples/iam/simulate-custom-policy.rst
    assert.deepEqual(at('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}'), ['1:38-1:167']);
    // LocalStack test_iam.snapshot.json test_simulate_principle_policy
    assert.deepEqual(at('{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}'), ['1:41-1:113']);
    // AdministratorAccess as AWS stores it (2-space indentation): 3:17-8:6
    assert.deepEqual(at('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}'), ['3:17-8:6']);
  });

  it('chains later statements, skips strings holding brackets, and tolerates odd input', () => {
    assert.deepEqual(at('{"Statement":[{"Sid":"a}","Effect":"Allow"} , {"Effect":"Deny","Action":"[x]"}],"Version":"2012-10-17"}'), ['1:15-1:44', '1:44-1:79']);
    assert.deepEqual(at('{"Version":"2012-10-17","Statement":"nope"}'), []);
    assert.deepEqual(at('not json'), []);
    assert.deepEqual(at('{"Id":"x\\"Statement\\""}'), []);
  });
});

describe('context keys', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] };

  it('lists variables then condition keys, as written, once', () => {
    assert.deepEqual(policyContextKeys([doc, doc]), ['aws:username', 'aws:SourceIp']);
  });

  it('lists the keys an applicable statement lacks; none for other actions or resources', () => {
    const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/alice/k', principalKeys: false };
    assert.deepEqual(missingContextKeys({ request, identityPolicies: [doc] }), ['aws:username', 'aws:SourceIp']);
    assert.deepEqual(missingContextKeys({ request: { ...request, action: 's3:PutObject' }, identityPolicies: [doc] }), []);
    assert.deepEqual(missingContextKeys({ request: { ...request, resource: 'arn:aws:s3:::other/k' }, identityPolicies: [doc] }), []);
    // With principal keys derived (enforcement's default), aws:username is known.
    assert.deepEqual(missingContextKeys({ request: { ...request, principalKeys: true }, identityPolicies: [doc] }), ['aws:SourceIp']);
  });

  it('principalKeys: false keeps principal-derived keys out of the decision', () => {
    const context = { 'aws:SourceIp': '10.0.0.1' };
    const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/alice/k', context };
    assert.equal(evaluate({ request, identityPolicies: [doc] }).decision, 'Allow');
    assert.equal(evaluate({ request: { ...request, principalKeys: false }, identityPolicies: [doc] }).decision, 'ImplicitDeny');
  });
});
