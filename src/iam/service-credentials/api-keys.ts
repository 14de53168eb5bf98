/**
 * Long-term API keys for Amazon Bedrock and CloudWatch Logs: service-specific credentials that
 * are one bearer secret instead of a user name + password, optionally expiring.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html
 *
 * The alias is `${userName}-at-${account}`, as AWS answers (CreateServiceSpecificCredential
 * outputs published with `--service-name bedrock.amazonaws.com`: "ServiceCredentialAlias":
 * "bedrock-api-user-at-672109488524"). A Bedrock secret starts `ABSK` (the prefix secret scanners
 * look for) followed by base64 of `alias:random`; CloudWatch Logs' prefix is not published, so
 * its secret is the base64 alone. The secret is returned by Create and Reset only and kept sealed.
 */
import { randomBytes } from 'node:crypto';
import { InvalidInput } from '../../core/errors.js';
import { API_KEY_SERVICES } from './common.js';

const DAY_MS = 86_400_000;

const SECRET_PREFIX: ReadonlyMap<string, string> = new Map([['bedrock.amazonaws.com', 'ABSK']]);

export const isApiKeyService = (serviceName: string): boolean => API_KEY_SERVICES.has(serviceName);

export const apiKeyAlias = (userName: string, account: string): string => `${userName}-at-${account}`;

/** 48 random bytes (384 bits) after the alias; the whole is base64, under the service's prefix. */
export function newApiKeySecret(serviceName: string, alias: string, random: (n: number) => Uint8Array = randomBytes): string {
  const body = Buffer.from(`${alias}:${Buffer.from(random(48)).toString('base64url')}`).toString('base64');
  return `${SECRET_PREFIX.get(serviceName) ?? ''}${body}`;
}

/**
 * ExpirationDate: CredentialAgeDays whole days after creation (AWS's published outputs: created
 * 2026-03-27T02:34:20Z with 30 days expires 2026-04-26T02:34:20Z).
 */
export const expiryOf = (createdAt: Date, days: number): Date => new Date(createdAt.getTime() + days * DAY_MS);

/**
 * "This field is only valid for Bedrock and CloudWatch Logs API keys" (the API reference): a
 * CodeCommit or Keyspaces password cannot expire, so an age asked for it is refused rather than
 * silently dropped — the caller would believe it set an expiry. AWS's wording for this is not
 * recorded; this is Rolegate's.
 */
export function checkAgeDays(serviceName: string, days: number | undefined): void {
  if (days !== undefined && !isApiKeyService(serviceName)) {
    throw InvalidInput(`CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys, not ${serviceName}.`);
  }
}
