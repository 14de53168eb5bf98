/**
 * The credential actions are authorized against the resources the Service Authorization Reference
 * gives them: the user (arn:aws:iam::ACCOUNT:user/PATH/NAME) for SSH keys, signing certificates and
 * service-specific credentials; the server certificate (arn:aws:iam::ACCOUNT:server-certificate/
 * PATH/NAME, carrying aws:ResourceTag/…) for server certificates; iam:ServiceSpecificCredentialServiceName
 * on CreateServiceSpecificCredential.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  GetServerCertificateCommand,
  type IAMClient,
  ListSSHPublicKeysCommand,
  TagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UploadSSHPublicKeyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { putUser } from '../support/fixtures.js';
import { rsaKey, selfSigned } from '../support/certs.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;

describe('authorization of the credential actions', () => {
  let t: TestServer;
  let iam: IAMClient;
  let limited: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'team-a', Path: '/team/' }));
    await iam.send(new CreateUserCommand({ UserName: 'other' }));
    const c1 = await selfSigned();
    const c2 = await selfSigned();
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'open', Path: '/edge/', CertificateBody: c1.certPem, PrivateKey: c1.keyPem }));
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'locked', Path: '/edge/', CertificateBody: c2.certPem, PrivateKey: c2.keyPem, Tags: [{ Key: 'protected', Value: 'true' }] }));
    for (const name of ['movable', 'only-old']) {
      const c = await selfSigned();
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, Path: '/edge/', CertificateBody: c.certPem, PrivateKey: c.keyPem }));
    }
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:UploadSSHPublicKey', 'iam:ListSSHPublicKeys'], Resource: `${ARN}:user/team/*` },
        { Effect: 'Allow', Action: 'iam:GetServerCertificate', Resource: `${ARN}:server-certificate/edge/*` },
        {
          Effect: 'Allow',
          Action: 'iam:UpdateServerCertificate',
          Resource: [`${ARN}:server-certificate/edge/movable`, `${ARN}:server-certificate/edge/moved`, `${ARN}:server-certificate/edge/only-old`],
        },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } } },
        { Effect: 'Allow', Action: 'iam:CreateServiceSpecificCredential', Resource: '*', Condition: { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': 'codecommit.amazonaws.com' } } },
      ],
    };
    limited = t.iam(await putUser(t, 'limited', { inline: { p: policy } }));
  });
  after(async () => {
    await t.close();
  });

  it('SSH key calls go by the user ARN with its path', async () => {
    await limited.send(new UploadSSHPublicKeyCommand({ UserName: 'team-a', SSHPublicKeyBody: rsaKey().ssh }));
    await limited.send(new ListSSHPublicKeysCommand({ UserName: 'team-a' }));
    await rejectsWith(limited.send(new UploadSSHPublicKeyCommand({ UserName: 'other', SSHPublicKeyBody: rsaKey().ssh })), 'AccessDenied', /iam:UploadSSHPublicKey on resource: user other because/, 403);
  });

  it('server certificate calls go by the certificate ARN with its path, and its tags', async () => {
    await limited.send(new GetServerCertificateCommand({ ServerCertificateName: 'open' }));
    await rejectsWith(limited.send(new GetServerCertificateCommand({ ServerCertificateName: 'locked' })), 'AccessDenied', /explicit deny/, 403);
    await rejectsWith(limited.send(new TagServerCertificateCommand({ ServerCertificateName: 'open', Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDenied', new RegExp(`server-certificate/edge/open`), 403);
  });

  // AWS: "the user must have permission on both the source object and the target object"
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServerCertificate.html
  it('UpdateServerCertificate is authorized against the old name and the new one', async () => {
    await rejectsWith(
      limited.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'only-old', NewServerCertificateName: 'elsewhere' })),
      'AccessDenied',
      `User: ${ARN}:user/limited is not authorized to perform: iam:UpdateServerCertificate on resource: ${ARN}:server-certificate/edge/elsewhere because no identity-based policy allows the iam:UpdateServerCertificate action`,
      403,
    );
    await rejectsWith(limited.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'only-old', NewPath: '/other/' })), 'AccessDenied', new RegExp(`server-certificate/other/only-old `), 403);
    await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'only-old' }));
    await limited.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'movable', NewServerCertificateName: 'moved' }));
    await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'moved' }));
  });

  it('CreateServiceSpecificCredential carries iam:ServiceSpecificCredentialServiceName', async () => {
    await limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'other', ServiceName: 'codecommit.amazonaws.com' }));
    await rejectsWith(limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'other', ServiceName: 'cassandra.amazonaws.com' })), 'AccessDenied', undefined, 403);
  });
});
