/**
 * EKS Pod Identity on the wire, without the agent: an association's life (deleted, its pods get
 * ResourceNotFoundException), the session tags carried transitively into a chained sts:AssumeRole
 * (AWS: "All of the session tags that are added by EKS Pod Identity are transitive"), the
 * restJson1 answers to malformed requests, and the audit log: eks-auth.amazonaws.com events with
 * neither the pod's token nor the issued secret in them.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { signRequest } from '../../src/sigv4/sign.js';
import { allow, putRole } from '../support/fixtures.js';
import { mintToken } from '../support/issuer.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';

const CLUSTER = 'prod';
const POD_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};

interface Answer {
  readonly status: number;
  readonly errorType: string | null;
  readonly text: string;
}

/** A signed eks-auth request of any path and body. */
async function eksAuth(t: TestServer, path: string, body: string): Promise<Answer> {
  const url = new URL(t.url);
  const signed = signRequest({ method: 'POST', path, query: '', headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...t.admin, region: 'us-east-1', service: 'eks-auth', nowMs: Date.now() });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(new URL(path, url), { method: 'POST', headers, body });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), text: await res.text() };
}

const assumePath = `/clusters/${CLUSTER}/assume-role-for-pod-identity`;

describe('EKS Pod Identity: associations, transitive tags, wire errors, audit', () => {
  let t: TestServer;
  let closed = false;
  let roleArn: string;
  let secrets: string[] = [];
  before(async () => {
    t = await startTestServer();
    roleArn = (await putRole(t, 'batch-pods', POD_TRUST, { inline: { chain: allow(['sts:AssumeRole', 'sts:TagSession']) } })).arn;
  });
  after(async () => {
    if (!closed) await t.close();
  });

  it('an association deleted: its pods get ResourceNotFoundException; deleting it again is NoSuchEntityException', async () => {
    const rg = rolegateClient(t);
    const created = await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'batch', ServiceAccount: 'runner', RoleArn: roleArn });
    assert.equal(created.status, 200);
    const id = (created.json.Association as { AssociationId: string }).AssociationId;
    const token = await mintToken(t, { Subject: 'system:serviceaccount:batch:runner', Audience: ['pods.eks.amazonaws.com'] });
    const ok = await eksAuth(t, assumePath, JSON.stringify({ token }));
    assert.equal(ok.status, 200, ok.text);
    const answer = JSON.parse(ok.text) as { podIdentityAssociation: { associationId: string }; credentials: { secretAccessKey: string; sessionToken: string; expiration: number } };
    assert.equal(answer.podIdentityAssociation.associationId, id);
    assert.equal(typeof answer.credentials.expiration, 'number');
    secrets = [token, answer.credentials.secretAccessKey, answer.credentials.sessionToken];
    // Listed, then deleted.
    assert.equal(((await rg.send('ListPodIdentityAssociations', { ClusterName: CLUSTER })).json.Associations as unknown[]).length, 1);
    assert.equal((await rg.send('DeletePodIdentityAssociation', { ClusterName: CLUSTER, AssociationId: id })).status, 200);
    assert.deepEqual((await rg.send('ListPodIdentityAssociations', { ClusterName: CLUSTER })).json.Associations, []);
    const gone = await eksAuth(t, assumePath, JSON.stringify({ token }));
    assert.equal(gone.status, 404);
    assert.equal(gone.errorType, 'ResourceNotFoundException');
    const again = await rg.send('DeletePodIdentityAssociation', { ClusterName: CLUSTER, AssociationId: id });
    assert.equal(again.status, 404);
    assert.equal(again.json.__type, 'NoSuchEntityException');
    // Only a role of the caller's account.
    const foreign = await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'batch', ServiceAccount: 'runner', RoleArn: 'arn:aws:iam::999999999999:role/elsewhere' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.json.__type, 'InvalidInputException');
  });

  it('the session tags are transitive: a chained sts:AssumeRole carries them to the next role', async () => {
    const rg = rolegateClient(t);
    assert.equal((await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'batch', ServiceAccount: 'chainer', RoleArn: roleArn })).status, 200);
    // The next role trusts the account, only for sessions whose kubernetes-service-account tag is "chainer".
    const next = await putRole(t, 'next-hop', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/kubernetes-service-account': 'chainer' } } }],
    }, { inline: { tagged: allow('iam:ListRoles', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/kubernetes-pod-name': 'chainer-0', 'aws:PrincipalTag/eks-cluster-name': CLUSTER } } }) } });
    const token = await mintToken(t, { Subject: 'system:serviceaccount:batch:chainer', Audience: ['pods.eks.amazonaws.com'], PodName: 'chainer-0', PodUid: '0b6b1f9e-1111-4222-8333-444455556666' });
    const r = await eksAuth(t, assumePath, JSON.stringify({ token }));
    assert.equal(r.status, 200, r.text);
    const c = (JSON.parse(r.text) as { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }).credentials;
    const pod = t.sts({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
    const chained = await pod.send(new AssumeRoleCommand({ RoleArn: next.arn, RoleSessionName: 'hop' }));
    const hop = t.sts({ accessKeyId: chained.Credentials!.AccessKeyId!, secretAccessKey: chained.Credentials!.SecretAccessKey!, sessionToken: chained.Credentials!.SessionToken! });
    assert.equal((await hop.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${t.account}:assumed-role/next-hop/hop`);
    // The next session carries the pod's tags (transitive): next-hop's policy allows only them.
    const hopCreds = { accessKeyId: chained.Credentials!.AccessKeyId!, secretAccessKey: chained.Credentials!.SecretAccessKey!, sessionToken: chained.Credentials!.SessionToken! };
    assert.ok((await t.iam(hopCreds).send(new ListRolesCommand({}))).Roles!.length >= 2);
    // A pod of another service account, same role: its tag fails the next role's condition.
    assert.equal((await rg.send('CreatePodIdentityAssociation', { ClusterName: CLUSTER, Namespace: 'batch', ServiceAccount: 'other', RoleArn: roleArn })).status, 200);
    const otherToken = await mintToken(t, { Subject: 'system:serviceaccount:batch:other', Audience: ['pods.eks.amazonaws.com'] });
    const o = (JSON.parse((await eksAuth(t, assumePath, JSON.stringify({ token: otherToken }))).text) as { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }).credentials;
    const otherPod = t.sts({ accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, sessionToken: o.sessionToken });
    await assert.rejects(otherPod.send(new AssumeRoleCommand({ RoleArn: next.arn, RoleSessionName: 'hop' })), { name: 'AccessDenied' });
  });

  it('restJson1 errors: a missing token, a body that is not JSON, an unknown path, a bad cluster name', async () => {
    const noToken = await eksAuth(t, assumePath, '{}');
    assert.equal(noToken.status, 400);
    assert.equal(noToken.errorType, 'InvalidParameterException');
    assert.match((JSON.parse(noToken.text) as { message: string }).message, /token/);
    const notJson = await eksAuth(t, assumePath, '{"token": ');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.errorType, 'SerializationException');
    const badName = await eksAuth(t, '/clusters/-bad/assume-role-for-pod-identity', JSON.stringify({ token: 'a.b.c' }));
    assert.equal(badName.status, 400);
    assert.equal(badName.errorType, 'InvalidParameterException');
    // A path bound to no operation: restJson1's unknown route (404, rest-json.ts).
    const unknown = await eksAuth(t, '/clusters/prod/something-else', '{}');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.errorType, 'UnknownOperationException');
  });

  it('audited as eks-auth.amazonaws.com, without the token or the issued secrets', async () => {
    await t.server.close(); // flushes the audit stream
    closed = true;
    const dir = join(t.dataDir, 'audit');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const assumed = events.filter((e) => e.eventName === 'AssumeRoleForPodIdentity');
    assert.ok(assumed.length >= 3);
    assert.ok(assumed.every((e) => e.eventSource === 'eks-auth.amazonaws.com'));
    assert.ok(assumed.some((e) => e.errorCode === 'NoSuchEntity'));
    assert.equal(secrets.length, 3);
    for (const s of secrets) assert.ok(!lines.some((l) => l.includes(s)), 'a secret reached the audit log');
  });
});
