/**
 * iam:CreateServiceSpecificCredential — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
 * "You can have a maximum of two sets of service-specific credentials for each supported service
 * per user." The user is checked before the service (recorded). CodeCommit and Keyspaces get a
 * user name + password; Bedrock and CloudWatch Logs an API key (./api-keys.ts), expiring after
 * CredentialAgeDays when given. The password or secret is returned this once (and by Reset) and
 * kept only sealed under the master key.
 */
import { action } from '../../core/action.js';
import { LimitExceeded } from '../../core/errors.js';
import { SEAL } from '../../core/services.js';
import { KIND, iso } from '../model.js';
import { userName } from '../shapes.js';
import { getUser, userResource } from '../users/common.js';
import { newServiceCredentialId } from '../users/credential-ids.js';
import { credentialAgeDays, serviceName } from '../users/credential-shapes.js';
import { apiKeyAlias, checkAgeDays, expiryOf, isApiKeyService, newApiKeySecret } from './api-keys.js';
import { type ServiceCredentialData, checkService, credentialWithSecret, newServicePassword } from './common.js';
import { deniedUser } from '../denied-as.js';

export const CREDENTIALS_PER_USER_PER_SERVICE = 2;

export const createServiceSpecificCredential = action({
  service: 'iam',
  name: 'CreateServiceSpecificCredential',
  params: { UserName: { ...userName, required: true }, ServiceName: { ...serviceName, required: true }, CredentialAgeDays: credentialAgeDays },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  context: (input) => ({
    'iam:ServiceSpecificCredentialServiceName': input.ServiceName,
    ...(input.CredentialAgeDays === undefined ? {} : { 'iam:ServiceSpecificCredentialAgeDays': String(input.CredentialAgeDays) }),
  }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const apiKey = isApiKeyService(input.ServiceName);
    const id = newServiceCredentialId(ctx.services.random);
    const created = await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      checkService(input.ServiceName);
      checkAgeDays(input.ServiceName, input.CredentialAgeDays);
      const held = await tx.list<ServiceCredentialData>(account, KIND.serviceCredential, { prefix: `${user.key}/`, limit: 1000 });
      // Expired and inactive ones count: they stay until deleted.
      if (held.filter((c) => c.data.serviceName === input.ServiceName).length >= CREDENTIALS_PER_USER_PER_SERVICE) {
        throw LimitExceeded(`Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${CREDENTIALS_PER_USER_PER_SERVICE}`);
      }
      const alias = apiKey ? apiKeyAlias(user.data.name, account) : undefined;
      const secret = alias === undefined ? newServicePassword(ctx.services.random) : newApiKeySecret(input.ServiceName, alias, ctx.services.random);
      const d: ServiceCredentialData = {
        id,
        userName: user.data.name,
        serviceName: input.ServiceName,
        ...(alias === undefined ? { serviceUserName: `${user.data.name}-at-${account}` } : { alias }),
        sealedPassword: ctx.services.sealer.seal(secret, SEAL.serviceSpecificPassword),
        status: 'Active',
        createdAt: iso(ctx.now),
        ...(input.CredentialAgeDays === undefined ? {} : { expiresAt: iso(expiryOf(ctx.now, input.CredentialAgeDays)) }),
      };
      await tx.put<ServiceCredentialData>({ account, kind: KIND.serviceCredential, key: `${user.key}/${id}`, id, data: d }, 0);
      return { d, secret };
    });
    return { ServiceSpecificCredential: credentialWithSecret(created.d, created.secret, ctx.now) };
  },
});
