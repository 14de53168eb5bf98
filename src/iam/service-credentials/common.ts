/**
 * What the service-specific credential actions share: the services AWS issues them for, the stored
 * credential, AWS's messages (recorded against AWS: LocalStack test_iam.snapshot.json,
 * TestIAMServiceSpecificCredentials) and the API's shapes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_service-specific-creds.html
 */
import { randomBytes } from 'node:crypto';
import { NoSuchEntity } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { getUser } from '../users/common.js';

/**
 * The services whose user name + password credentials IAM issues (CodeCommit's Git credentials,
 * Amazon Keyspaces). Bedrock and CloudWatch Logs API keys (an alias + secret, with an expiry) are
 * another shape and are not issued here: they answer as any unsupported service does.
 */
export const SUPPORTED_SERVICES: ReadonlySet<string> = new Set(['codecommit.amazonaws.com', 'cassandra.amazonaws.com']);

export interface ServiceCredentialData {
  readonly id: string;
  readonly userName: string;
  readonly serviceName: string;
  /** `${userName}-at-${account}` as made at creation: the name the service signs in with. */
  readonly serviceUserName: string;
  /** The password, sealed under the master key: returned only by Create and Reset. */
  readonly sealedPassword: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
}

/** Recorded: 404 NoSuchEntity, not the model's NotSupportedService. */
export const unsupportedService = (name: string): Error => NoSuchEntity(`No such service ${name} is supported for Service Specific Credentials`);
export const noSuchCredential = (id: string): Error => NoSuchEntity(`No such credential ${id} exists`);

export function checkService(name: string): void {
  if (!SUPPORTED_SERVICES.has(name)) throw unsupportedService(name);
}

/** The credential `id` of user `userName`; the user is checked first (recorded). */
export async function getUserCredential(tx: ReadTx, account: string, userName: string, id: string): Promise<Item<ServiceCredentialData>> {
  const user = await getUser(tx, account, userName);
  const item = await tx.get<ServiceCredentialData>(account, KIND.serviceCredential, `${user.key}/${id}`);
  if (item === undefined) throw noSuchCredential(id);
  return item;
}

/** A service password: 32 random bytes in base64, 44 characters (the API reference's examples' length). */
export function newServicePassword(random: (n: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(32)).toString('base64');
}

/** ServiceSpecificCredentialMetadata (List): everything but the password. */
export function credentialMetadata(c: ServiceCredentialData): {
  UserName: string;
  Status: string;
  ServiceUserName: string;
  CreateDate: Date;
  ServiceSpecificCredentialId: string;
  ServiceName: string;
} {
  return { UserName: c.userName, Status: c.status, ServiceUserName: c.serviceUserName, CreateDate: new Date(c.createdAt), ServiceSpecificCredentialId: c.id, ServiceName: c.serviceName };
}

/** ServiceSpecificCredential (Create, Reset): with the password, in the shape's member order. */
export function credentialWithPassword(c: ServiceCredentialData, password: string): {
  CreateDate: Date;
  ServiceName: string;
  ServiceUserName: string;
  ServicePassword: string;
  ServiceSpecificCredentialId: string;
  UserName: string;
  Status: string;
} {
  return {
    CreateDate: new Date(c.createdAt),
    ServiceName: c.serviceName,
    ServiceUserName: c.serviceUserName,
    ServicePassword: password,
    ServiceSpecificCredentialId: c.id,
    UserName: c.userName,
    Status: c.status,
  };
}
