/**
 * Rolegate's issuer on two nodes over one PostgreSQL: first calls racing on both nodes make one
 * signing key (one kid), a token minted through one node assumes a role through the other, and
 * both publish the same JWKS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { decodeProtectedHeader } from 'jose';
import { putRole } from '../support/fixtures.js';
import { getJson, issuerOf, mintToken } from '../support/issuer.js';
import { anonymousSts, trustWebIdentity } from '../support/oidc-issuer.js';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { type TestServer, startTestServer } from '../support/server.js';

const missing = postgresUnavailable();
const skip = missing !== undefined && process.env.CI === undefined ? missing : false;
const MASTER = 'b2'.repeat(32);
const SUBJECT = 'system:serviceaccount:payments:api';

describe('the OIDC issuer on two nodes over one PostgreSQL', { skip }, () => {
  let cluster: PostgresCluster;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase('issuer');
    a = await startTestServer({ databaseUrl: url, env: { ROLEGATE_MASTER_KEY: MASTER } });
    b = await startTestServer({ databaseUrl: url, env: { ROLEGATE_MASTER_KEY: MASTER } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it('racing first mints make one key; a token minted on one node works on the other', async () => {
    const input = { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] };
    const tokens = await Promise.all([a, b, a, b].map((node) => mintToken(node, input)));
    const kids = new Set(tokens.map((tok) => decodeProtectedHeader(tok).kid));
    assert.equal(kids.size, 1);
    const ja = (await getJson(a, `/oidc/${a.account}/.well-known/jwks.json`)).json;
    const jb = (await getJson(b, `/oidc/${b.account}/.well-known/jwks.json`)).json;
    assert.deepEqual(ja, jb);

    const providerArn = (await a.iam().send(new CreateOpenIDConnectProviderCommand({ Url: issuerOf(a), ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    const role = await putRole(a, 'payments-api', trustWebIdentity(providerArn));
    const r = await anonymousSts(b).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: 'pod', WebIdentityToken: tokens[0]! }));
    assert.equal(r.SubjectFromWebIdentityToken, SUBJECT);
  });
});
