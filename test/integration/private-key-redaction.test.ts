/**
 * A PEM private key pasted where it does not belong — a signing certificate's CertificateBody, a
 * server certificate's body or chain, a role's Description — is a secret in a member that is not
 * itself sensitive. Whatever the call ends in (success, the handler's MalformedCertificate, a
 * validation message that quotes the value), no line of the key reaches the audit log, the server
 * log or the answer: each PEM private-key block is replaced whole by HIDDEN_DUE_TO_SECURITY_REASONS,
 * as CloudTrail hides secret values.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, type IAMClient, UploadServerCertificateCommand, UploadSigningCertificateCommand } from '@aws-sdk/client-iam';
import { selfSigned } from '../support/certs.js';
import { type TestServer, startTestServer } from '../support/server.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** The lines of a PEM block's base64 body: none may appear anywhere. */
const keyLines = (pem: string): string[] => pem.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'));

describe('a PEM private key in any request member never reaches the audit, the log or the answer', () => {
  let t: TestServer;
  let iam: IAMClient;
  const logLines: string[] = [];
  const answers: string[] = [];
  const keys: string[] = [];
  before(async () => {
    t = await startTestServer({ log: (line) => logLines.push(line) });
    iam = t.iam();
  });
  after(() => {
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  /** The call's error message (it must fail), kept to be searched. */
  async function failing(p: Promise<unknown>, code: string): Promise<void> {
    await assert.rejects(p, (e: Error) => {
      assert.equal(e.name.replace(/Exception$/, ''), code, e.message);
      answers.push(e.message);
      return true;
    });
  }

  it('signing and server certificates with a key in their body or chain, a role described by a key', async () => {
    const { certPem, keyPem } = await selfSigned();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keys.push(keyPem, rsa, ec);

    // Error paths: the handler's MalformedCertificate …
    await failing(iam.send(new UploadSigningCertificateCommand({ UserName: 'admin', CertificateBody: keyPem })), 'MalformedCertificate');
    await failing(iam.send(new UploadSigningCertificateCommand({ UserName: 'admin', CertificateBody: `${certPem}\n${rsa}` })), 'MalformedCertificate');
    await failing(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: keyPem, PrivateKey: keyPem })), 'MalformedCertificate');
    await failing(
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: certPem, PrivateKey: keyPem, CertificateChain: `${certPem}\n${rsa}` })),
      'MalformedCertificate',
    );
    // … and a validation message that quotes the (too long) value.
    await failing(iam.send(new UploadSigningCertificateCommand({ UserName: 'admin', CertificateBody: `${rsa}${'A'.repeat(16384)}` })), 'ValidationError');
    assert.ok(answers.at(-1)!.includes("at 'certificateBody' failed to satisfy constraint"), answers.at(-1));

    // Success: the request carries the key.
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'described', AssumeRolePolicyDocument: trust, Description: ec }));
    assert.equal(role.Role?.RoleName, 'described');
  });

  it('the audit log records every call with the keys hidden; no line of a key is in the audit, the log or an answer', async () => {
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const audit = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    const events = audit.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { eventName: string; requestParameters: Record<string, unknown> | null });
    assert.equal(events.filter((e) => e.eventName === 'UploadSigningCertificate').length, 3);
    assert.equal(events.filter((e) => e.eventName === 'UploadServerCertificate').length, 2);
    // The whole body was a key (and its final newline): the key reads as CloudTrail's hidden value.
    assert.ok(events.some((e) => e.eventName === 'UploadSigningCertificate' && e.requestParameters?.certificateBody === 'HIDDEN_DUE_TO_SECURITY_REASONS\n'), audit);
    // A certificate followed by a key: the certificate stays, the key goes.
    assert.ok(events.some((e) => e.eventName === 'UploadServerCertificate' && /-----END CERTIFICATE-----\r?\n+HIDDEN_DUE_TO_SECURITY_REASONS\n$/.test(String(e.requestParameters?.certificateChain))), audit);
    const create = events.find((e) => e.eventName === 'CreateRole');
    assert.equal(create?.requestParameters?.description, 'HIDDEN_DUE_TO_SECURITY_REASONS\n');
    const logs = logLines.join('\n');
    const said = answers.join('\n');
    for (const key of keys) {
      for (const line of keyLines(key)) {
        assert.ok(!audit.includes(line), `a line of a private key reached the audit log: ${line}`);
        assert.ok(!logs.includes(line), `a line of a private key reached the server log: ${line}`);
        assert.ok(!said.includes(line), `a line of a private key was quoted back: ${line}`);
      }
    }
  });
});
