/**
 * iam:ListServiceSpecificCredentials — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServiceSpecificCredentials.html
 * iam:ResetServiceSpecificCredential — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html
 * iam:UpdateServiceSpecificCredential — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServiceSpecificCredential.html
 * iam:DeleteServiceSpecificCredential — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceSpecificCredential.html
 * Without UserName: the signing user's. Reset makes a new password (an API key: a new secret) and
 * returns it this once; an API key keeps its alias and ExpirationDate.
 */
import type { ActionContext, Caller } from '../../core/action.js';
import { action } from '../../core/action.js';
import { InvalidInput } from '../../core/errors.js';
import { SEAL } from '../../core/services.js';
import { KIND } from '../model.js';
import { paging, status, userName } from '../shapes.js';
import { callerUserResource, getUser, impliedUserName, userResource } from '../users/common.js';
import { setCredentialStatus, settableStatus } from '../users/credentials.js';
import { serviceName, serviceSpecificCredentialId } from '../users/credential-shapes.js';
import { listPage } from '../users/paging.js';
import { newApiKeySecret } from './api-keys.js';
import { type ServiceCredentialData, checkService, credentialMetadata, credentialWithSecret, getUserCredential, newServicePassword } from './common.js';
import { deniedUser } from '../denied-as.js';

function credentialUserResource(input: { readonly UserName?: string }, caller: Caller, ctx: ActionContext): string | Promise<string> {
  return input.UserName === undefined ? callerUserResource(caller, ctx) : userResource(ctx, input.UserName);
}

export const listServiceSpecificCredentials = action({
  service: 'iam',
  name: 'ListServiceSpecificCredentials',
  params: { UserName: userName, ServiceName: serviceName, AllUsers: { type: 'boolean' }, ...paging },
  // AllUsers lists every user's credentials: authorized against all the account's users.
  resource: (input, caller, ctx) => (input.AllUsers === true ? `arn:aws:iam::${caller.account}:user/*` : credentialUserResource(input, caller, ctx)),
  deniedAs: (input) => (input.AllUsers === true ? undefined : deniedUser(input)),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    if (input.AllUsers === true && input.UserName !== undefined) throw InvalidInput('AllUsers cannot be specified together with UserName.');
    const service = input.ServiceName;
    const filter = service === undefined ? undefined : { filter: (c: { readonly data: ServiceCredentialData }) => c.data.serviceName === service };
    const page = await ctx.store.read(async (tx) => {
      if (input.AllUsers === true) {
        if (service !== undefined) checkService(service);
        return listPage<ServiceCredentialData>(tx, account, KIND.serviceCredential, { ...input, ...filter });
      }
      const user = await getUser(tx, account, impliedUserName(input, ctx.caller));
      if (service !== undefined) checkService(service);
      return listPage<ServiceCredentialData>(tx, account, KIND.serviceCredential, { ...input, prefix: `${user.key}/`, ...filter });
    });
    return { ServiceSpecificCredentials: page.items.map((c) => credentialMetadata(c.data, ctx.now)), Marker: page.Marker, IsTruncated: page.IsTruncated };
  },
});

const idParams = { UserName: userName, ServiceSpecificCredentialId: { ...serviceSpecificCredentialId, required: true } } as const;

export const resetServiceSpecificCredential = action({
  service: 'iam',
  name: 'ResetServiceSpecificCredential',
  params: idParams,
  resource: credentialUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const reset = await ctx.store.write(async (tx) => {
      const c = await getUserCredential(tx, account, name, input.ServiceSpecificCredentialId);
      const alias = c.data.alias;
      const secret = alias === undefined ? newServicePassword(ctx.services.random) : newApiKeySecret(c.data.serviceName, alias, ctx.services.random);
      const d: ServiceCredentialData = { ...c.data, sealedPassword: ctx.services.sealer.seal(secret, SEAL.serviceSpecificPassword) };
      await tx.put<ServiceCredentialData>({ account, kind: KIND.serviceCredential, key: c.key, id: d.id, data: d }, c.version);
      return { d, secret };
    });
    return { ServiceSpecificCredential: credentialWithSecret(reset.d, reset.secret, ctx.now) };
  },
});

export const updateServiceSpecificCredential = action({
  service: 'iam',
  name: 'UpdateServiceSpecificCredential',
  params: { ...idParams, Status: { ...status, required: true } },
  resource: credentialUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const next = settableStatus(input.Status);
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const c = await getUserCredential(tx, account, name, input.ServiceSpecificCredentialId);
      await setCredentialStatus(tx, c, next);
    });
    return undefined;
  },
});

export const deleteServiceSpecificCredential = action({
  service: 'iam',
  name: 'DeleteServiceSpecificCredential',
  params: idParams,
  resource: credentialUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const c = await getUserCredential(tx, account, name, input.ServiceSpecificCredentialId);
      await tx.delete(account, KIND.serviceCredential, c.key, c.version);
    });
    return undefined;
  },
});
