/**
 * The IAM set-up of the workload-credential tests (SDK v3 against a started server): a role for
 * instances (trusting ec2.amazonaws.com, in an instance profile), a task role (trusting
 * ecs-tasks.amazonaws.com for this account's tasks), a role the account may assume (for
 * `rolegate credentials`), a "launcher" allowed to pass them and a user allowed everything but
 * the PassRole. Each role may call iam:ListRoles (the instance role only when the request carries
 * an ec2:SourceInstanceARN of this account, and never with ec2:RoleDelivery below 2.0, AWS's
 * example policy) and nothing else.
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Credentials, TestServer } from './server.js';

export interface WorkloadFixture {
  readonly instanceRoleArn: string;
  readonly profileName: string;
  readonly taskRoleArn: string;
  readonly cliRoleArn: string;
  readonly launcher: Credentials;
  readonly noPassRole: Credentials;
}

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export async function workloadFixture(t: TestServer, durationSeconds = 3600): Promise<WorkloadFixture> {
  const iam = t.iam();
  const a = t.account;
  const role = async (name: string, trust: object, allow: object): Promise<string> => {
    const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc([trust]), MaxSessionDuration: Math.max(3600, durationSeconds) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc([allow]) }));
    return arn;
  };
  const instanceRoleArn = await role(
    'app',
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { ArnLike: { 'ec2:SourceInstanceARN': `arn:aws:ec2:*:${a}:instance/i-*` } } },
  );
  // AWS's example "require IMDSv2 credentials" (ec2-instance-metadata example policies).
  await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'imdsv2', PolicyDocument: doc([{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'ec2:RoleDelivery': '2.0' } } }]) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
  const taskRoleArn = await role(
    'task',
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': a }, ArnLike: { 'aws:SourceArn': `arn:aws:ecs:*:${a}:task/*` } },
    },
    { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
  );
  const cliRoleArn = await role('cli', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' });
  const user = async (name: string, statements: object[]): Promise<Credentials> => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(statements) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  };
  const launch = { Effect: 'Allow', Action: 'rolegate:GetWorkloadCredentials', Resource: '*' };
  const launcher = await user('launcher', [
    launch,
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: cliRoleArn },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: [instanceRoleArn, taskRoleArn],
      Condition: {
        StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
        ArnLike: { 'iam:AssociatedResourceArn': [`arn:aws:ec2:*:${a}:instance/*`, `arn:aws:ecs:*:${a}:task/*`] },
      },
    },
  ]);
  const noPassRole = await user('no-pass-role', [launch, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: cliRoleArn }]);
  return { instanceRoleArn, profileName: 'app-profile', taskRoleArn, cliRoleArn, launcher, noPassRole };
}
