/**
 * EKS Pod Identity end to end with real clients: an association (rolegate:CreatePodIdentityAssociation)
 * maps namespace/service account → role; `rolegate token --pod-name …` mints the pod's token for
 * pods.eks.amazonaws.com; `rolegate pod-identity-agent` (a child process, signing eks-auth with the
 * node's credentials) serves GET /v1/credentials; the SDK v3 default chain and boto3 get the role
 * (and the AWS CLI's own chain) from nothing but AWS_CONTAINER_CREDENTIALS_FULL_URI +
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, make
 * a call the role allows only for sessions tagged kubernetes-namespace=payments
 * (aws:PrincipalTag) and one it denies; the AWS CLI calls eks-auth assume-role-for-pod-identity
 * directly. Negatives on the wire: wrong audience, expired token, no association, a token of
 * another account's issuer, a denying trust, a caller without eks-auth:AssumeRoleForPodIdentity.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, IAMClient, ListRolesCommand, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { signRequest } from '../../src/sigv4/sign.js';
import { CLI } from '../support/cli.js';
import { allow, putRole, putUser } from '../support/fixtures.js';
import { mintToken } from '../support/issuer.js';
import { recentAwsCli, recentPython } from '../support/recent-clients.js';
import { repoRoot } from '../support/repo.js';
import { run as exec } from '../support/workload-cli.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

const CLUSTER = 'dev-cluster';
const SUBJECT = 'system:serviceaccount:payments:api';
const POD_UID = '5f0c9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f';
const PYTHON = recentPython();
const AWS = recentAwsCli('eks-auth', 'assume-role-for-pod-identity');
const skipBoto3 = PYTHON === undefined && process.env.CI === undefined ? 'no python3 with boto3 ≥ 1.31 on PATH' : false;
const skipCli = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing eks-auth assume-role-for-pod-identity on PATH' : false;

const POD_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowEksAuthToAssumeRoleForPodIdentity', Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};

type Ran = Awaited<ReturnType<typeof exec>>;

interface EksAnswer {
  readonly status: number;
  readonly errorType: string | null;
  readonly json: Record<string, unknown>;
}

/** eks-auth:AssumeRoleForPodIdentity on the wire (restJson1), signed at `nowMs` (the server's clock). */
async function assumeForPod(t: TestServer, cluster: string, token: string, creds: Credentials = t.admin, nowMs = Date.now()): Promise<EksAnswer> {
  const url = new URL(t.url);
  const path = `/clusters/${cluster}/assume-role-for-pod-identity`;
  const body = JSON.stringify({ token });
  const signed = signRequest({ method: 'POST', path, query: '', headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...creds, region: 'us-east-1', service: 'eks-auth', nowMs });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(new URL(path, url), { method: 'POST', headers, body });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: (await res.json()) as Record<string, unknown> };
}

describe('EKS Pod Identity: associations, eks-auth and the agent endpoint', () => {
  let t: TestServer;
  let other: TestServer;
  let offsetMs = 0;
  let dir: string;
  let tokenFile: string;
  let token: string;
  let roleArn: string;
  let agent: ChildProcess;
  let agentUrl: string;
  let bare: NodeJS.ProcessEnv;
  const saved = { ...process.env };

  before(async () => {
    t = await startTestServer({ now: () => new Date(Date.now() + offsetMs) });
    other = await startTestServer({ env: { ROLEGATE_ACCOUNT_ID: '222222222222' } });
    dir = mkdtempSync(join(tmpdir(), 'rolegate-pod-identity-'));
    tokenFile = join(dir, 'token');
    bare = { PATH: process.env.PATH, HOME: dir, AWS_CONFIG_FILE: join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    // The role's permissions depend on the session tags EKS Pod Identity sets.
    // Through IAM's API: AWS's documented trust policy for pods.eks.amazonaws.com is accepted as written.
    const iam = t.iam();
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'payments-pods', AssumeRolePolicyDocument: JSON.stringify(POD_TRUST) }))).Role!.Arn!;
    const read = allow('iam:ListRoles', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/kubernetes-namespace': 'payments', 'aws:PrincipalTag/eks-cluster-name': CLUSTER, 'aws:PrincipalTag/kubernetes-service-account': 'api', 'aws:PrincipalTag/eks-cluster-arn': `arn:aws:eks:us-east-1:${t.account}:cluster/${CLUSTER}` } } });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'payments-pods', PolicyName: 'read', PolicyDocument: JSON.stringify(read) }));
    // The pod's own tags (from the token's pod claims): a session of another pod may not list roles.
    const podOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/kubernetes-pod-uid': POD_UID, 'aws:PrincipalTag/kubernetes-pod-name': 'api-7d4b9c-xk2lp' } } }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'payments-pods', PolicyName: 'pod-only', PolicyDocument: JSON.stringify(podOnly) }));
    const rg = rolegateClient(t);
    for (const ns of ['payments', 'other']) {
      const created = await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: ns, ServiceAccount: 'api', RoleArn: roleArn });
      assert.equal(created.status, 200, JSON.stringify(created.json));
    }
    const minted = await exec(process.execPath, [CLI, 'token', '--endpoint', t.url, '--audience', 'pods.eks.amazonaws.com', '--subject', SUBJECT, '--pod-name', 'api-7d4b9c-xk2lp', '--pod-uid', POD_UID], {
      ...bare,
      AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
    });
    assert.equal(minted.code, 0, minted.stderr);
    token = minted.stdout.trim();
    writeFileSync(tokenFile, token, { mode: 0o600 });
    // The agent, signing eks-auth with the node's credentials (here the admin's).
    agent = spawn(process.execPath, [CLI, 'pod-identity-agent', '--endpoint', t.url, '--cluster-name', CLUSTER, '--port', '0'], {
      env: { ...bare, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agentUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      agent.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/v1\/credentials)/.exec(out);
        if (m) resolve(m[1]!);
      });
      agent.once('exit', (code) => reject(new Error(`agent exited (${code}): ${out}`)));
    });
  });
  after(async () => {
    process.env = saved;
    agent?.kill();
    rmSync(dir, { recursive: true, force: true });
    await other.close();
    await t.close();
  });

  const workload = (file = tokenFile): NodeJS.ProcessEnv => ({
    ...bare,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: agentUrl,
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file,
    AWS_ENDPOINT_URL: t.url,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  });

  it('the agent command: usage errors exit 2 with one line', async () => {
    const agentCmd = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<Ran> => exec(process.execPath, [CLI, 'pod-identity-agent', ...args], { ...bare, ...env });
    const creds = { AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey };
    const noCluster = await agentCmd(creds, '--endpoint', t.url, '--port', '0');
    assert.equal(noCluster.code, 2);
    assert.equal(noCluster.stderr, 'rolegate pod-identity-agent: --cluster-name and --port are required\n');
    const badName = await agentCmd(creds, '--cluster-name', '-x', '--port', '0');
    assert.equal(badName.code, 2);
    const noCredentials = await agentCmd({}, '--cluster-name', CLUSTER, '--port', '0');
    assert.equal(noCredentials.code, 2);
    assert.match(noCredentials.stderr, /no credentials/);
  });

  it('the associations: created once per namespace/service account, listed, refused without iam:PassRole', async () => {
    const rg = rolegateClient(t);
    const again = await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'payments', ServiceAccount: 'api', RoleArn: roleArn });
    assert.equal(again.status, 409);
    assert.equal(again.json.__type, 'EntityAlreadyExistsException');
    const listed = await rg.send('ListPodIdentityAssociations', { ClusterName: CLUSTER, Namespace: 'payments' });
    assert.equal(listed.status, 200);
    const list = listed.json.Associations as { AssociationArn: string; AssociationId: string; RoleArn: string; ServiceAccount: string }[];
    assert.equal(list.length, 1);
    assert.match(list[0]!.AssociationId, /^a-[a-z0-9]{17}$/);
    assert.equal(list[0]!.AssociationArn, `arn:aws:eks:us-east-1:${t.account}:podidentityassociation/${CLUSTER}/${list[0]!.AssociationId}`);
    assert.equal(list[0]!.RoleArn, roleArn);
    // May call CreatePodIdentityAssociation, but not pass the role to pods.eks.amazonaws.com.
    const creator = await putUser(t, 'creator', { inline: { p: allow('rolegate:CreatePodIdentityAssociation') } });
    const refused = await rolegateClient(t, creator).send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'batch', ServiceAccount: 'api', RoleArn: roleArn });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.__type, 'AccessDeniedException');
    assert.match(String(refused.json.Message), /iam:PassRole/);
    const nobody = await putUser(t, 'nobody-assoc');
    const denied = await rolegateClient(t, nobody).send('ListPodIdentityAssociations', { ClusterName: CLUSTER });
    assert.equal(denied.json.__type, 'AccessDeniedException');
  });

  it('the SDK v3 default chain gets the role through the agent; the session tags decide in a policy', async () => {
    process.env = workload();
    try {
      const creds = await fromNodeProviderChain()();
      assert.match(creds.accessKeyId, /^ASIA/);
      const who = await new STSClient({ maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      assert.match(who.Arn!, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/payments-pods/eks-${CLUSTER}-api-7d4b9c-[0-9a-f]{8}-[0-9a-f-]{27}$`));
      const iam = new IAMClient({ maxAttempts: 1 });
      assert.ok((await iam.send(new ListRolesCommand({}))).Roles!.some((r) => r.Arn === roleArn));
      await assert.rejects(iam.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    } finally {
      process.env = saved;
    }
    // (AWS's session name eks-<cluster>-<pod>-<uuid>, cut to STS's 64 characters.)
    // The same role from namespace "other" (its kubernetes-namespace tag fails the Allow), and from
    // another pod of payments:api (its kubernetes-pod-uid and -name tags meet the Deny).
    const others: [string, object][] = [
      ['other-token', { Subject: 'system:serviceaccount:other:api', Audience: ['pods.eks.amazonaws.com'], PodName: 'other-1' }],
      ['sibling-token', { Subject: SUBJECT, Audience: ['pods.eks.amazonaws.com'], PodName: 'api-7d4b9c-zz9qq' }],
    ];
    for (const [file, claims] of others) {
      writeFileSync(join(dir, file), await mintToken(t, claims));
      process.env = workload(join(dir, file));
      try {
        const iam = new IAMClient({ maxAttempts: 1 });
        await assert.rejects(iam.send(new ListRolesCommand({})), { name: 'AccessDenied' }, file);
      } finally {
        process.env = saved;
      }
    }
  });

  it('boto3', { skip: skipBoto3, timeout: 120_000 }, async () => {
    assert.ok(PYTHON, 'python3 with boto3 ≥ 1.31 is required under CI');
    const r = await exec(PYTHON, [join(repoRoot(), 'test', 'python', 'pod_identity_boto3.py')], workload());
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as { method: string; roles: number; denied: string; arn: string };
    assert.equal(seen.method, 'container-role');
    assert.ok(seen.roles >= 1);
    assert.equal(seen.denied, 'AccessDenied');
    assert.match(seen.arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/payments-pods/eks-${CLUSTER}-`));
  });

  // Debian's CLI 2.9 (first on CI's PATH) predates AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (its
  // botocore reads only AWS_CONTAINER_AUTHORIZATION_TOKEN), so this runs the recent CLI found above.
  it('the AWS CLI\'s own credential chain gets the role through the agent', { skip: skipCli, timeout: 120_000 }, async () => {
    assert.ok(AWS, 'an AWS CLI reading AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is required under CI');
    const aws = (...args: string[]): Promise<Ran> => exec(AWS[0]!, [...AWS.slice(1), ...args, '--output', 'json'], workload());
    const who = await aws('sts', 'get-caller-identity');
    assert.equal(who.code, 0, who.stderr);
    const arn = (JSON.parse(who.stdout) as { Arn: string }).Arn;
    assert.match(arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/payments-pods/eks-${CLUSTER}-api-7d4b9c-[0-9a-f]{8}-`));
    const roles = await aws('iam', 'list-roles');
    assert.equal(roles.code, 0, roles.stderr);
    assert.ok((JSON.parse(roles.stdout) as { Roles: { Arn: string }[] }).Roles.some((r) => r.Arn === roleArn));
    const users = await aws('iam', 'list-users');
    assert.notEqual(users.code, 0);
    assert.match(users.stderr, /\(AccessDenied\) when calling the ListUsers operation/);
  });

  it('the AWS CLI calls eks-auth assume-role-for-pod-identity', { skip: skipCli, timeout: 120_000 }, async () => {
    assert.ok(AWS, 'an AWS CLI knowing eks-auth is required under CI');
    const env = { ...bare, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey, AWS_ENDPOINT_URL: t.url, AWS_DEFAULT_REGION: 'us-east-1' };
    const aws = (...args: string[]): Promise<Ran> => exec(AWS[0]!, [...AWS.slice(1), ...args], env);
    const r = await aws('eks-auth', 'assume-role-for-pod-identity', '--cluster-name', CLUSTER, '--token', token, '--output', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      subject: { namespace: string; serviceAccount: string };
      audience: string;
      podIdentityAssociation: { associationArn: string; associationId: string };
      assumedRoleUser: { arn: string; assumeRoleId: string };
      credentials: { accessKeyId: string; expiration: string };
    };
    assert.deepEqual(out.subject, { namespace: 'payments', serviceAccount: 'api' });
    assert.equal(out.audience, 'pods.eks.amazonaws.com');
    assert.match(out.podIdentityAssociation.associationArn, new RegExp(`:podidentityassociation/${CLUSTER}/a-[a-z0-9]{17}$`));
    assert.match(out.assumedRoleUser.arn, /:assumed-role\/payments-pods\/eks-/);
    assert.match(out.assumedRoleUser.assumeRoleId, /^AROA[A-Z0-9]+:eks-/);
    assert.match(out.credentials.accessKeyId, /^ASIA/);
    const missing = await aws('eks-auth', 'assume-role-for-pod-identity', '--cluster-name', 'no-such-cluster', '--token', token);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(ResourceNotFoundException\) when calling the AssumeRoleForPodIdentity operation/);
  });

  it('a token is not bound to a cluster here; a trust condition on aws:SourceArn (the cluster) binds the role to one', async () => {
    const clusterOnly = (await putRole(t, 'dev-only', {
      Version: '2012-10-17',
      Statement: [{ ...POD_TRUST.Statement[0], Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:eks:us-east-1:${t.account}:cluster/${CLUSTER}` } } }],
    })).arn;
    const rg = rolegateClient(t);
    for (const cluster of [CLUSTER, 'prod-cluster']) {
      assert.equal((await rg.send('CreatePodIdentityAssociation', { ClusterName: cluster, Namespace: 'payments', ServiceAccount: 'scoped', RoleArn: clusterOnly })).status, 200);
    }
    const scoped = await mintToken(t, { Subject: 'system:serviceaccount:payments:scoped', Audience: ['pods.eks.amazonaws.com'] });
    assert.equal((await assumeForPod(t, CLUSTER, scoped)).status, 200);
    const elsewhere = await assumeForPod(t, 'prod-cluster', scoped);
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.errorType, 'AccessDeniedException');
  });

  it('refuses: wrong audience, expired token, no association, another account\'s issuer, denying trust, no permission', async () => {
    const expect = (r: EksAnswer, status: number, type: string): void => {
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.equal(r.errorType, type);
      assert.equal(typeof r.json.message, 'string');
      assert.ok(!JSON.stringify(r.json).includes(token.split('.')[2]!), 'no error quotes the token');
    };
    const sts = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] });
    expect(await assumeForPod(t, CLUSTER, sts), 400, 'InvalidTokenException');
    const unassociated = await mintToken(t, { Subject: 'system:serviceaccount:payments:worker', Audience: ['pods.eks.amazonaws.com'] });
    expect(await assumeForPod(t, CLUSTER, unassociated), 404, 'ResourceNotFoundException');
    expect(await assumeForPod(t, 'another-cluster', token), 404, 'ResourceNotFoundException');
    const foreign = await mintToken(other, { Subject: SUBJECT, Audience: ['pods.eks.amazonaws.com'] });
    expect(await assumeForPod(t, CLUSTER, foreign), 400, 'InvalidTokenException');
    expect(await assumeForPod(t, CLUSTER, `${token.slice(0, -4)}AAAA`), 400, 'InvalidTokenException');
    expect(await assumeForPod(t, CLUSTER, 'not-a-jwt'), 400, 'InvalidParameterException');
    // A caller (node role) without eks-auth:AssumeRoleForPodIdentity on the cluster.
    const node = await putUser(t, 'node-without-permission');
    expect(await assumeForPod(t, CLUSTER, token, node), 400, 'AccessDeniedException');
    // A role whose trust does not allow pods.eks.amazonaws.com sts:TagSession.
    const noTag = (await putRole(t, 'no-tag-session', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] })).arn;
    assert.equal((await rolegateClient(t).send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'payments', ServiceAccount: 'untagged', RoleArn: noTag })).status, 200);
    const untagged = await mintToken(t, { Subject: 'system:serviceaccount:payments:untagged', Audience: ['pods.eks.amazonaws.com'] });
    expect(await assumeForPod(t, CLUSTER, untagged), 400, 'AccessDeniedException');
    // Expired: minted for 10 minutes, presented 11 minutes later (the server's clock moved).
    const short = await mintToken(t, { Subject: SUBJECT, Audience: ['pods.eks.amazonaws.com'], DurationSeconds: 600 });
    offsetMs = 660_000;
    try {
      expect(await assumeForPod(t, CLUSTER, short, t.admin, Date.now() + offsetMs), 400, 'ExpiredTokenException');
    } finally {
      offsetMs = 0;
    }
    // Through the agent, the SDK's view: the container-credentials JSON; no token; eks-auth's refusal passed on.
    const served = (await (await fetch(agentUrl, { headers: { authorization: token } })).json()) as Record<string, string>;
    assert.deepEqual(Object.keys(served), ['AccessKeyId', 'SecretAccessKey', 'Token', 'AccountId', 'Expiration']);
    assert.equal(served.AccountId, t.account);
    assert.match(served.Expiration!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal((await fetch(agentUrl)).status, 400);
    const viaAgent = await fetch(agentUrl, { headers: { authorization: sts } });
    assert.equal(viaAgent.status, 400);
    assert.equal(((await viaAgent.json()) as { code: string }).code, 'InvalidTokenException');
  });
});
