/**
 * SimulateCustomPolicy and GetContextKeysForCustomPolicy over HTTP with the AWS SDK v3: decisions,
 * statement positions as AWS reports them, every ContextKeyType, missing context values,
 * permissions boundaries, pagination and the error paths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ContextEntry, GetContextKeysForCustomPolicyCommand, type IAMClient, SimulateCustomPolicyCommand, paginateSimulateCustomPolicy } from '@aws-sdk/client-iam';
import { type TestServer, startTestServer } from '../support/server.js';
import { accessKey, putUser, rejects } from './iam-policies-fixtures.js';
import { allowSt, decisions, denySt, only, policy, where } from './iam-simulator-support.js';

describe('iam SimulateCustomPolicy', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const simulate = (input: Omit<ConstructorParameters<typeof SimulateCustomPolicyCommand>[0], 'ActionNames'> & { ActionNames?: string[] }) =>
    iam.send(new SimulateCustomPolicyCommand({ ActionNames: ['s3:GetObject'], ...input }));

  describe('positions and decisions', () => {
    // aws-cli examples/iam/simulate-custom-policy.rst, recorded from AWS: start 1:38, end 1:167.
    const CLI_DOC = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

    it('reproduces the aws-cli example exactly (allowed, PolicyInputList.1 at 1:38-1:167)', async () => {
      const ctx: ContextEntry[] = [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }];
      const r = only(await simulate({ PolicyInputList: [CLI_DOC], ActionNames: ['dynamodb:CreateBackup'], ContextEntries: ctx }));
      assert.equal(r.EvalActionName, 'dynamodb:CreateBackup');
      assert.equal(r.EvalResourceName, '*');
      assert.equal(r.EvalDecision, 'allowed');
      assert.deepEqual(r.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } },
      ]);
      assert.deepEqual(r.MissingContextValues, []);
      // All resources (*), same account: no EvalDecisionDetails, no per-resource results.
      assert.equal(r.EvalDecisionDetails, undefined);
      assert.equal(r.ResourceSpecificResults, undefined);
    });

    it('denies implicitly when the date condition fails (aws-cli example 2)', async () => {
      const ctx: ContextEntry[] = [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2014-04-25T11:00:00Z'], ContextKeyType: 'date' }];
      const r = only(await simulate({ PolicyInputList: [CLI_DOC], ActionNames: ['dynamodb:CreateBackup'], ContextEntries: ctx }));
      assert.equal(r.EvalDecision, 'implicitDeny');
      assert.deepEqual(r.MatchedStatements, []);
      assert.deepEqual(r.MissingContextValues, []);
    });

    it('positions a json.dumps-style statement object as AWS did (1:41-1:113)', async () => {
      // LocalStack test_iam.snapshot.json test_simulate_principle_policy, recorded against AWS.
      const doc = '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';
      const r = only(await simulate({ PolicyInputList: [doc], ActionNames: ['s3:PutObject'] }));
      assert.deepEqual(where(r.MatchedStatements), ['PolicyInputList.1@1:41-1:113']);
    });

    it('positions pretty-printed statements from just after "[" to just after "}" (AWS managed policies)', async () => {
      const twoSpaces = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
      const tabs = '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{\n\t\t\t"Effect": "Allow",\n\t\t\t"Action": [\n\t\t\t\t"s3:Get*",\n\t\t\t\t"s3:List*",\n\t\t\t\t"s3:Describe*",\n\t\t\t\t"s3-object-lambda:Get*",\n\t\t\t\t"s3-object-lambda:List*"\n\t\t\t],\n\t\t\t"Resource": "*"\n\t\t}\n\t]\n}';
      const r = only(await simulate({ PolicyInputList: [twoSpaces, tabs], ActionNames: ['s3:ListBucket'] }));
      // AWS: AdministratorAccess 3:17-8:6, AmazonS3ReadOnlyAccess 3:16-14:4.
      assert.deepEqual(where(r.MatchedStatements), ['PolicyInputList.1@3:17-8:6', 'PolicyInputList.2@3:16-14:4']);
    });

    it('starts each later statement where the previous one ended, and counts CRLF as one line break', async () => {
      const doc = '{"Version":"2012-10-17",\r\n"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
      const r = only(await simulate({ PolicyInputList: [doc] }));
      assert.deepEqual(where(r.MatchedStatements), ['PolicyInputList.1@2:14-2:71', 'PolicyInputList.1@2:71-2:121']);
    });

    it('reports only the Deny statements for an explicit deny, across policies', async () => {
      const r = only(await simulate({ PolicyInputList: [policy(allowSt('s3:*')), policy(allowSt('s3:GetObject'), denySt('s3:GetObject'))] }));
      assert.equal(r.EvalDecision, 'explicitDeny');
      assert.deepEqual(r.MatchedStatements?.map((s) => `${s.SourcePolicyId}`), ['PolicyInputList.2']);
    });

    it('evaluates every action, one result each, in order', async () => {
      const r = await simulate({ PolicyInputList: [policy(allowSt('s3:Get*'), denySt('s3:DeleteObject'))], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] });
      assert.deepEqual(decisions(r), { 's3:GetObject': 'allowed', 's3:PutObject': 'implicitDeny', 's3:DeleteObject': 'explicitDeny' });
      assert.equal(r.IsTruncated, false);
    });
  });

  describe('resources', () => {
    const BUCKET = 'arn:aws:s3:::bucket';
    it('gives one result per action with per-resource results and the most restrictive decision', async () => {
      const doc = policy(allowSt('s3:GetObject', `${BUCKET}/*`), denySt('s3:GetObject', `${BUCKET}/secret/*`));
      const r = only(await simulate({ PolicyInputList: [doc], ResourceArns: [`${BUCKET}/a`, `${BUCKET}/secret/b`, 'arn:aws:s3:::other/c'] }));
      assert.equal(r.EvalResourceName, `${BUCKET}/a`);
      assert.equal(r.EvalDecision, 'explicitDeny');
      assert.deepEqual(r.EvalDecisionDetails, {});
      assert.deepEqual(
        r.ResourceSpecificResults?.map((x) => [x.EvalResourceName, x.EvalResourceDecision, x.MatchedStatements?.length]),
        [[`${BUCKET}/a`, 'allowed', 1], [`${BUCKET}/secret/b`, 'explicitDeny', 1], ['arn:aws:s3:::other/c', 'implicitDeny', 0]],
      );
      assert.deepEqual(r.ResourceSpecificResults?.[0]?.MissingContextValues, []);
      assert.equal(r.ResourceSpecificResults?.[0]?.EvalDecisionDetails, undefined);
    });

    it('treats ResourceArns ["*"] as all resources', async () => {
      const r = only(await simulate({ PolicyInputList: [policy(allowSt('s3:GetObject'))], ResourceArns: ['*'] }));
      assert.equal(r.EvalDecision, 'allowed');
      assert.equal(r.ResourceSpecificResults, undefined);
    });

    it('refuses resource names that are not ARNs with AWS\'s message', async () => {
      await rejects(simulate({ PolicyInputList: [policy(allowSt('s3:*'))], ResourceArns: ['not-an-arn'] }), 'InvalidInput', 'ResourceNames are not in a valid ARN format: not-an-arn.', 400);
    });
  });

  describe('context entries', () => {
    // One row per ContextKeyType: the condition, a matching entry and a non-matching one.
    const cases: { type: ContextEntry['ContextKeyType']; cond: object; yes: string[]; no: string[] }[] = [
      { type: 'string', cond: { StringEquals: { 'aws:RequestTag/team': 'blue' } }, yes: ['blue'], no: ['red'] },
      { type: 'stringList', cond: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } }, yes: ['env', 'team'], no: ['env'] },
      { type: 'numeric', cond: { NumericLessThan: { 's3:max-keys': '10' } }, yes: ['5'], no: ['50'] },
      { type: 'numericList', cond: { 'ForAllValues:NumericLessThan': { 'ec2:Sizes': '10' } }, yes: ['1', '2'], no: ['1', '20'] },
      { type: 'boolean', cond: { Bool: { 'aws:SecureTransport': 'true' } }, yes: ['true'], no: ['false'] },
      { type: 'booleanList', cond: { 'ForAnyValue:Bool': { 'custom:Flags': 'true' } }, yes: ['false', 'true'], no: ['false'] },
      { type: 'ip', cond: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, yes: ['10.1.2.3'], no: ['192.168.0.1'] },
      { type: 'ipList', cond: { 'ForAnyValue:IpAddress': { 'custom:Ips': '10.0.0.0/8' } }, yes: ['192.168.0.1', '10.0.0.1'], no: ['192.168.0.1'] },
      { type: 'binary', cond: { BinaryEquals: { 'custom:Blob': 'QmluYXJ5VmFsdWU=' } }, yes: ['QmluYXJ5VmFsdWU='], no: ['T3RoZXI='] },
      { type: 'binaryList', cond: { 'ForAnyValue:BinaryEquals': { 'custom:Blobs': 'QmluYXJ5VmFsdWU=' } }, yes: ['T3RoZXI=', 'QmluYXJ5VmFsdWU='], no: ['T3RoZXI='] },
      { type: 'date', cond: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, yes: ['2021-06-01T00:00:00Z'], no: ['2019-06-01T00:00:00Z'] },
      { type: 'dateList', cond: { 'ForAllValues:DateLessThan': { 'custom:Dates': '2020-01-01T00:00:00Z' } }, yes: ['2019-01-01T00:00:00Z'], no: ['2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z'] },
    ];
    for (const c of cases) {
      it(`evaluates ContextKeyType ${c.type}`, async () => {
        const doc = policy(allowSt('s3:GetObject', '*', { Condition: c.cond }));
        const key = Object.keys(Object.values(c.cond)[0] as object)[0]!;
        const run = async (values: string[]) =>
          only(await simulate({ PolicyInputList: [doc], ContextEntries: [{ ContextKeyName: key, ContextKeyValues: values, ContextKeyType: c.type }] }));
        const yes = await run(c.yes);
        assert.equal(yes.EvalDecision, 'allowed', `${c.type} ${JSON.stringify(c.yes)}`);
        assert.deepEqual(yes.MissingContextValues, []);
        assert.equal((await run(c.no)).EvalDecision, 'implicitDeny', `${c.type} ${JSON.stringify(c.no)}`);
      });
    }

    it('lists the context keys the applicable statements need but did not get', async () => {
      const doc = policy(
        allowSt('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        allowSt('s3:PutObject', '*', { Condition: { StringEquals: { 's3:x-amz-acl': 'private' } } }),
      );
      const none = only(await simulate({ PolicyInputList: [doc], ResourceArns: ['arn:aws:s3:::bucket/alice/k'] }));
      assert.equal(none.EvalDecision, 'implicitDeny');
      // The simulator derives nothing from a caller: ${aws:username} must be supplied too.
      assert.deepEqual(none.MissingContextValues, ['aws:username', 'aws:SourceIp', 'aws:MultiFactorAuthPresent']);
      assert.deepEqual(none.ResourceSpecificResults?.[0]?.MissingContextValues, ['aws:username', 'aws:SourceIp', 'aws:MultiFactorAuthPresent']);
      const entries: ContextEntry[] = [
        { ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'ip' },
        { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      ];
      const all = only(await simulate({ PolicyInputList: [doc], ResourceArns: ['arn:aws:s3:::bucket/alice/k'], ContextEntries: entries }));
      assert.equal(all.EvalDecision, 'allowed');
      assert.deepEqual(all.MissingContextValues, []);
    });
  });

  describe('permissions boundary', () => {
    it('caps the identity policies and reports AllowedByPermissionsBoundary', async () => {
      const r = await simulate({
        PolicyInputList: [policy(allowSt('s3:*'))],
        PermissionsBoundaryPolicyInputList: [policy(allowSt('s3:GetObject'), denySt('s3:DeleteObject'))],
        ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      });
      assert.deepEqual(decisions(r), { 's3:GetObject': 'allowed', 's3:PutObject': 'implicitDeny', 's3:DeleteObject': 'explicitDeny' });
      const [get, put, del] = r.EvaluationResults!;
      assert.deepEqual(get?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
      assert.deepEqual(where(get?.MatchedStatements), ['PolicyInputList.1@1:38-1:87']);
      assert.deepEqual(put?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
      assert.deepEqual(del?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
      assert.deepEqual(del?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['PermissionsBoundaryPolicyInputList.1', 'PermissionsBoundaryPolicy']]);
    });

    it('has no boundary detail without a boundary', async () => {
      const r = only(await simulate({ PolicyInputList: [policy(allowSt('s3:*'))] }));
      assert.equal(r.PermissionsBoundaryDecisionDetail, undefined);
    });
  });

  describe('pagination', () => {
    it('pages through the results by action with MaxItems and Marker', async () => {
      const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketPolicy'];
      const first = await simulate({ PolicyInputList: [policy(allowSt('s3:Get*'))], ActionNames: actions, MaxItems: 2 });
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      assert.deepEqual(first.EvaluationResults?.map((e) => e.EvalActionName), actions.slice(0, 2));
      const seen: string[] = [];
      for await (const page of paginateSimulateCustomPolicy({ client: iam, pageSize: 2 }, { PolicyInputList: [policy(allowSt('s3:Get*'))], ActionNames: actions })) {
        seen.push(...(page.EvaluationResults ?? []).map((e) => e.EvalActionName!));
      }
      assert.deepEqual(seen, actions);
    });
  });

  describe('errors and authorization', () => {
    it('refuses a malformed policy with InvalidInput', async () => {
      await rejects(simulate({ PolicyInputList: ['{"Version":"2012-10-17","Statement":['] }), 'InvalidInput', /Syntax errors in policy/);
      await rejects(simulate({ PolicyInputList: [policy({ Effect: 'Maybe', Action: 's3:*', Resource: '*' })] }), 'InvalidInput');
    });

    it('refuses a ResourcePolicy without CallerArn, and a CallerArn that is not a user', async () => {
      const rp = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
      await rejects(simulate({ PolicyInputList: [policy(allowSt('s3:*'))], ResourcePolicy: rp, ResourceArns: ['arn:aws:s3:::b/k'] }), 'InvalidInput');
      await rejects(
        simulate({ PolicyInputList: [policy(allowSt('s3:*'))], ResourcePolicy: rp, CallerArn: `arn:aws:iam::${t.account}:role/r`, ResourceArns: ['arn:aws:s3:::b/k'] }),
        'InvalidInput',
      );
    });

    it('refuses a ResourceOwner that names no account with AWS\'s message', async () => {
      await rejects(simulate({ PolicyInputList: [policy(allowSt('s3:*'))], ResourceOwner: 'someone' }), 'InvalidInput', "'someone' is not a valid as a Resource Owner.");
    });

    it('is authorized against "*": a user without iam:SimulateCustomPolicy is denied', async () => {
      await putUser(t, 'nobody');
      const creds = await accessKey(t, 'nobody');
      await rejects(
        t.iam(creds).send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy(allowSt('s3:*'))], ActionNames: ['s3:GetObject'] })),
        'AccessDenied',
        `User: arn:aws:iam::${t.account}:user/nobody is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the iam:SimulateCustomPolicy action`,
        403,
      );
    });
  });

  describe('GetContextKeysForCustomPolicy', () => {
    it('lists variables and condition keys as written, in order (aws-cli example)', async () => {
      const doc = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}';
      const r = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [doc] }));
      assert.deepEqual(r.ContextKeyNames, ['aws:username', 'aws:CurrentTime']);
    });

    it('lists each key once across statements and policies, ignoring case; escapes are not keys', async () => {
      const a = policy(allowSt('s3:*', 'arn:aws:s3:::b/${*}/${aws:PrincipalTag/team}', { Condition: { StringEquals: { 'aws:PrincipalTag/Team': '${aws:username}' } } }));
      const b = policy(denySt('s3:*', '*', { Condition: { StringEquals: { 'AWS:USERNAME': 'x' }, Bool: { 'aws:SecureTransport': 'false' } } }));
      const r = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [a, b] }));
      assert.deepEqual(r.ContextKeyNames, ['aws:PrincipalTag/team', 'aws:username', 'aws:SecureTransport']);
    });

    it('answers [] for a policy without conditions or variables, and refuses a malformed one', async () => {
      const r = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [policy(allowSt('s3:*'))] }));
      assert.deepEqual(r.ContextKeyNames ?? [], []);
      await rejects(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['nope'] })), 'InvalidInput');
    });
  });
});
