/**
 * The instance: ListInstances, DescribeInstance, CreateInstance, UpdateInstance, DeleteInstance.
 * One instance per account (src/identitycenter/model.ts). AWS's CreateInstance makes an account
 * instance and refuses a second one (ConflictException); AWS enables an organization instance in
 * the management account from the console, which Rolegate has not: here the management (and
 * bootstrap) account makes its instance with CreateInstance too.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateInstance.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
 */
import { action } from '../../core/action.js';
import { EntityAlreadyExists } from '../../core/errors.js';
import { requestTagContext } from '../../iam/tags.js';
import { ConflictError, type Item } from '../../store/types.js';
import { KIND as IDENTITY_STORE_KIND } from '../identitystore/model.js';
import { INSTANCE_KEY, INSTANCE_KIND, type InstanceData, instanceArnOf, instanceOf } from '../model.js';
import { requireInstance } from './access.js';
import { PERMISSION_SET_KIND, PERMISSION_SET_NAME_KIND } from './model.js';
import { clientToken, instanceArn, instanceName, maxResults, nextToken, tagList } from './shapes.js';
import { checkNewTags } from './tags.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const metadata = (i: InstanceData) => ({
  InstanceArn: i.instanceArn,
  IdentityStoreId: i.identityStoreId,
  OwnerAccountId: i.ownerAccountId,
  Name: i.name,
  CreatedDate: new Date(i.createdDate),
  Status: i.status,
});

export const listInstances = action({
  service: 'sso',
  name: 'ListInstances',
  params: { MaxResults: maxResults, NextToken: nextToken },
  resource: () => '*',
  handler: (ctx) =>
    ctx.store.read(async (tx) => {
      const instance = await instanceOf(tx, ctx.caller.account);
      return { Instances: instance === undefined ? [] : [metadata(instance)] };
    }),
});

export const describeInstance = action({
  service: 'sso',
  name: 'DescribeInstance',
  params: { InstanceArn: { ...instanceArn, required: true } },
  resource: (input) => input.InstanceArn,
  handler: (ctx, input) => ctx.store.read(async (tx) => metadata(await requireInstance(tx, ctx, input.InstanceArn))),
});

const ALREADY = 'An instance of IAM Identity Center already exists in this account.';

export const createInstance = action({
  service: 'sso',
  name: 'CreateInstance',
  params: { Name: instanceName, ClientToken: clientToken, Tags: tagList },
  // The instance's id is the server's to choose: the call is authorized on every instance.
  resource: () => 'arn:aws:sso:::instance/*',
  context: (input) => requestTagContext(input.Tags),
  handler: (ctx, input) => {
    const tags = checkNewTags(input.Tags ?? []);
    return ctx.store.write(async (tx) => {
      const existing = await instanceOf(tx, ctx.caller.account);
      if (existing !== undefined) {
        // A retry of the call that made it (the SDKs send a ClientToken) answers as that call did.
        if (input.ClientToken !== undefined && existing.clientToken === input.ClientToken) return { InstanceArn: existing.instanceArn };
        throw EntityAlreadyExists(ALREADY);
      }
      const instanceId = `ssoins-${hex(ctx.services.random(8))}`;
      const data: InstanceData = {
        instanceId,
        instanceArn: instanceArnOf(instanceId),
        identityStoreId: `d-${hex(ctx.services.random(5))}`,
        ownerAccountId: ctx.caller.account,
        ...(input.Name === undefined ? {} : { name: input.Name }),
        createdDate: ctx.now.toISOString(),
        status: 'ACTIVE',
        tags,
        ...(input.ClientToken === undefined ? {} : { clientToken: input.ClientToken }),
      };
      try {
        await tx.put({ account: ctx.caller.account, kind: INSTANCE_KIND, key: INSTANCE_KEY, data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw EntityAlreadyExists(ALREADY);
        throw e;
      }
      return { InstanceArn: data.instanceArn };
    });
  },
});

export const updateInstance = action({
  service: 'sso',
  name: 'UpdateInstance',
  params: { Name: instanceName, InstanceArn: { ...instanceArn, required: true } },
  resource: (input) => input.InstanceArn,
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const instance = await requireInstance(tx, ctx, input.InstanceArn);
      if (input.Name === undefined) return {};
      const item = (await tx.get<InstanceData>(ctx.caller.account, INSTANCE_KIND, INSTANCE_KEY))!;
      await tx.put({ account: ctx.caller.account, kind: INSTANCE_KIND, key: INSTANCE_KEY, data: { ...instance, name: input.Name } }, item.version);
      return {};
    }),
});

/**
 * Deletes the instance with everything in it, as AWS deletes an account instance: its permission
 * sets and its identity store's users, groups and memberships, in one transaction.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_DeleteInstance.html
 */
export const deleteInstance = action({
  service: 'sso',
  name: 'DeleteInstance',
  params: { InstanceArn: { ...instanceArn, required: true } },
  resource: (input) => input.InstanceArn,
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const instance = await requireInstance(tx, ctx, input.InstanceArn);
      const account = ctx.caller.account;
      const owned: [string, string][] = [PERMISSION_SET_KIND, PERMISSION_SET_NAME_KIND].map((k) => [k, `${instance.instanceId}/`]);
      for (const k of Object.values(IDENTITY_STORE_KIND)) owned.push([k, `${instance.identityStoreId}/`]);
      for (const [kind, prefix] of owned) {
        let page: Item[];
        do {
          page = await tx.list(account, kind, { prefix, limit: 10_000 });
          for (const item of page) await tx.delete(account, kind, item.key);
        } while (page.length > 0);
      }
      await tx.delete(account, INSTANCE_KIND, INSTANCE_KEY);
      return {};
    }),
});

export const instanceActions = [listInstances, describeInstance, createInstance, updateInstance, deleteInstance];
