/**
 * Kubernetes service-account tokens (IRSA-style): a projected token file, AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE, and the AWS SDK's default credential chain pointed at Rolegate
 * through AWS_ENDPOINT_URL_STS — exactly what a pod's SDK does — then a signed call as the role.
 * https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTokenFile } from '@aws-sdk/credential-providers';
import { putRole } from '../support/fixtures.js';
import { OidcIssuer, register, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('Kubernetes service-account tokens through the SDK default credential chain', () => {
  let t: TestServer;
  let cluster: OidcIssuer;
  let dir: string;
  const saved = { ...process.env };
  before(async () => {
    t = await startTestServer();
    cluster = await OidcIssuer.start({ path: '/id/EXAMPLED539D4633E53DE1B71EXAMPLE' });
    dir = mkdtempSync(join(tmpdir(), 'rolegate-k8s-'));
  });
  after(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await cluster.close();
    await t.close();
  });

  it('a pod assumes its role from the projected token and calls GetCallerIdentity', async () => {
    const providerArn = await register(t, cluster, ['sts.amazonaws.com']);
    const name = cluster.name;
    const role = await putRole(t, 'payments-api', trustWebIdentity(providerArn, {
      StringEquals: { [`${name}:sub`]: 'system:serviceaccount:payments:api', [`${name}:aud`]: 'sts.amazonaws.com' },
    }));
    const now = Math.floor(Date.now() / 1000);
    // The claims of a projected service-account token (kube-apiserver, audience sts.amazonaws.com).
    const token = await cluster.token({
      sub: 'system:serviceaccount:payments:api',
      aud: ['sts.amazonaws.com'],
      nbf: now,
      'kubernetes.io': { namespace: 'payments', pod: { name: 'api-7d9f', uid: 'f1e2d3c4' }, serviceaccount: { name: 'api', uid: 'a1b2c3d4' } },
    });
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, token, { mode: 0o600 });

    // The pod's environment, as the EKS pod identity webhook sets it (plus the endpoint).
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
    Object.assign(process.env, {
      AWS_ROLE_ARN: role.arn,
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_SESSION_NAME: 'payments-api-pod',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_STS: t.url,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });

    const creds = await fromNodeProviderChain()();
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(creds.sessionToken);
    // No credentials given: the client resolves them through the default chain itself.
    const who = await new STSClient({ region: 'us-east-1', maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${t.account}:assumed-role/payments-api/payments-api-pod`);
    assert.equal(who.UserId, `${role.id}:payments-api-pod`);

    const fromFile = await fromTokenFile({ clientConfig: { region: 'us-east-1', endpoint: t.url } })();
    assert.match(fromFile.accessKeyId, /^ASIA/);

    // Another service account of the cluster is not this role's.
    writeFileSync(tokenFile, await cluster.token({ sub: 'system:serviceaccount:default:other', aud: ['sts.amazonaws.com'] }));
    await assert.rejects(fromTokenFile({ clientConfig: { region: 'us-east-1', endpoint: t.url } })(), /Not authorized to perform sts:AssumeRoleWithWebIdentity/);
  });
});
