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
 * The services IAM issues service-specific credentials for (the CreateServiceSpecificCredential
 * reference and the installed botocore model: "Amazon Bedrock, Amazon CloudWatch Logs, CodeCommit
 * and Amazon Keyspaces"). CodeCommit and Keyspaces get a user name + password; Bedrock and
 * CloudWatch Logs get an API key: an alias + secret, with an optional expiry (CredentialAgeDays).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html
 */
export const PASSWORD_SERVICES: ReadonlySet<string> = new Set(['codecommit.amazonaws.com', 'cassandra.amazonaws.com']);
export const API_KEY_SERVICES: ReadonlySet<string> = new Set(['bedrock.amazonaws.com', 'logs.amazonaws.com']);

export interface ServiceCredentialData {
  readonly id: string;
  readonly userName: string;
  readonly serviceName: string;
  /** Password credentials: `${userName}-at-${account}` as made at creation, the name the service signs in with. */
  readonly serviceUserName?: string;
  /** API keys: the public part of the key (./api-keys.ts), as made at creation. */
  readonly alias?: string;
  /** The password or the API key's secret, sealed under the master key: returned only by Create and Reset. */
  readonly sealedPassword: string;
  /** As last set by Create or Update; the status reported is `statusAt` (an expired key is Expired). */
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
  /** API keys made with CredentialAgeDays: when the key stops being valid. */
  readonly expiresAt?: string;
}

/** AWS's statusType: a key past its ExpirationDate is Expired whatever its status was. */
export function statusAt(c: ServiceCredentialData, now: Date): 'Active' | 'Inactive' | 'Expired' {
  return c.expiresAt !== undefined && Date.parse(c.expiresAt) <= now.getTime() ? 'Expired' : c.status;
}

/** Whether the credential may authenticate at `now`: active and not expired. */
export const isUsable = (c: ServiceCredentialData, now: Date): boolean => statusAt(c, now) === 'Active';

/** Recorded: 404 NoSuchEntity, not the model's NotSupportedService. */
export const unsupportedService = (name: string): Error => NoSuchEntity(`No such service ${name} is supported for Service Specific Credentials`);
export const noSuchCredential = (id: string): Error => NoSuchEntity(`No such credential ${id} exists`);

export function checkService(name: string): void {
  if (!PASSWORD_SERVICES.has(name) && !API_KEY_SERVICES.has(name)) throw unsupportedService(name);
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

/** ServiceSpecificCredentialMetadata (List): everything but the secret, in the shape's member order. */
export function credentialMetadata(
  c: ServiceCredentialData,
  now: Date,
): {
  UserName: string;
  Status: string;
  ServiceUserName: string | undefined;
  ServiceCredentialAlias: string | undefined;
  CreateDate: Date;
  ExpirationDate: Date | undefined;
  ServiceSpecificCredentialId: string;
  ServiceName: string;
} {
  return {
    UserName: c.userName,
    Status: statusAt(c, now),
    ServiceUserName: c.serviceUserName,
    ServiceCredentialAlias: c.alias,
    CreateDate: new Date(c.createdAt),
    ExpirationDate: c.expiresAt === undefined ? undefined : new Date(c.expiresAt),
    ServiceSpecificCredentialId: c.id,
    ServiceName: c.serviceName,
  };
}

/**
 * ServiceSpecificCredential (Create, Reset), in the shape's member order: with the new password
 * (ServicePassword) or, for an API key, the new secret (ServiceCredentialSecret) — this once.
 */
export function credentialWithSecret(
  c: ServiceCredentialData,
  secret: string,
  now: Date,
): {
  CreateDate: Date;
  ExpirationDate: Date | undefined;
  ServiceName: string;
  ServiceUserName: string | undefined;
  ServicePassword: string | undefined;
  ServiceCredentialAlias: string | undefined;
  ServiceCredentialSecret: string | undefined;
  ServiceSpecificCredentialId: string;
  UserName: string;
  Status: string;
} {
  const apiKey = c.alias !== undefined;
  return {
    CreateDate: new Date(c.createdAt),
    ExpirationDate: c.expiresAt === undefined ? undefined : new Date(c.expiresAt),
    ServiceName: c.serviceName,
    ServiceUserName: c.serviceUserName,
    ServicePassword: apiKey ? undefined : secret,
    ServiceCredentialAlias: c.alias,
    ServiceCredentialSecret: apiKey ? secret : undefined,
    ServiceSpecificCredentialId: c.id,
    UserName: c.userName,
    Status: statusAt(c, now),
  };
}
