/**
 * The minimum of EKS's association API, as Rolegate's own calls (RolegateV20261201.*):
 * CreatePodIdentityAssociation, DeletePodIdentityAssociation, ListPodIdentityAssociations. EKS's
 * own API (clusters, add-ons, …) is far larger than what eks-auth:AssumeRoleForPodIdentity needs;
 * these take EKS's member names (PascalCase, as Rolegate's JSON calls are) and return EKS's
 * PodIdentityAssociation members. A cluster needs no creation: any name in the caller's account
 * and Region is a cluster whose tokens come from the account's own issuer.
 *
 * Each is authorized on the cluster's ARN (`arn:aws:eks:REGION:ACCOUNT:cluster/NAME`) as
 * rolegate:<Action>; creating one also needs iam:PassRole on the role with iam:PassedToService
 * pods.eks.amazonaws.com, as EKS' CreatePodIdentityAssociation does.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html
 */
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import { action } from '../../core/action.js';
import { EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity } from '../../core/errors.js';
import { arn } from '../../iam/shapes.js';
import { ConflictError } from '../../store/types.js';
import {
  MAX_PER_CLUSTER,
  POD_IDENTITY_KIND,
  POD_IDENTITY_PRINCIPAL,
  type PodIdentityAssociationData,
  associationArnOf,
  associationId,
  associationKey,
  associationView,
  clusterArn,
  clusterName,
  clusterPrefix,
  namespace,
  serviceAccount,
} from './model.js';

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const createPodIdentityAssociation = action({
  service: 'rolegate',
  name: 'CreatePodIdentityAssociation',
  params: {
    ClusterName: { ...clusterName, required: true },
    Namespace: { ...namespace, required: true },
    ServiceAccount: { ...serviceAccount, required: true },
    RoleArn: { ...arn, required: true },
  },
  resource: (input, caller, ctx) => clusterArn(ctx.region, caller.account, input.ClusterName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const cluster = clusterArn(ctx.region, account, input.ClusterName);
    // EKS: only a role of the cluster's account; passing it is iam:PassRole to the service.
    if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(input.RoleArn) || input.RoleArn.split(':')[4] !== account) {
      throw InvalidInput(`The role ARN ${input.RoleArn} is not a role of account ${account}.`);
    }
    authorizeRequest(ctx, 'iam:PassRole', input.RoleArn, { ...callerContext(ctx), 'iam:PassedToService': POD_IDENTITY_PRINCIPAL, 'iam:AssociatedResourceArn': cluster }, ctx.callerPolicies);
    const bytes = ctx.services.random(17);
    const id = `a-${Array.from(bytes, (b) => ID_CHARS[b % ID_CHARS.length]).join('')}`;
    const data: PodIdentityAssociationData = {
      associationId: id,
      associationArn: associationArnOf(ctx.region, account, input.ClusterName, id),
      clusterName: input.ClusterName,
      namespace: input.Namespace,
      serviceAccount: input.ServiceAccount,
      roleArn: input.RoleArn,
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.write(async (tx) => {
      const existing = await tx.list(account, POD_IDENTITY_KIND, { prefix: clusterPrefix(ctx.region, input.ClusterName), limit: MAX_PER_CLUSTER });
      if (existing.length >= MAX_PER_CLUSTER) throw LimitExceeded(`Cannot exceed quota for PodIdentityAssociationsPerCluster: ${MAX_PER_CLUSTER}`);
      try {
        await tx.put({ account, kind: POD_IDENTITY_KIND, key: associationKey(ctx.region, input.ClusterName, input.Namespace, input.ServiceAccount), data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw EntityAlreadyExists(`Association already exists for ${input.Namespace}/${input.ServiceAccount} in cluster ${input.ClusterName}.`);
        throw e;
      }
    });
    return { Association: associationView(data) };
  },
});

export const deletePodIdentityAssociation = action({
  service: 'rolegate',
  name: 'DeletePodIdentityAssociation',
  params: { ClusterName: { ...clusterName, required: true }, AssociationId: { ...associationId, required: true } },
  resource: (input, caller, ctx) => clusterArn(ctx.region, caller.account, input.ClusterName),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const account = ctx.caller.account;
      const all = await tx.list<PodIdentityAssociationData>(account, POD_IDENTITY_KIND, { prefix: clusterPrefix(ctx.region, input.ClusterName), limit: MAX_PER_CLUSTER });
      const found = all.find((i) => i.data.associationId === input.AssociationId);
      if (found === undefined) throw NoSuchEntity(`The pod identity association ${input.AssociationId} cannot be found in cluster ${input.ClusterName}.`);
      await tx.delete(account, POD_IDENTITY_KIND, found.key, found.version);
      return { Association: associationView(found.data) };
    }),
});

export const listPodIdentityAssociations = action({
  service: 'rolegate',
  name: 'ListPodIdentityAssociations',
  params: { ClusterName: { ...clusterName, required: true }, Namespace: namespace, ServiceAccount: serviceAccount },
  resource: (input, caller, ctx) => clusterArn(ctx.region, caller.account, input.ClusterName),
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const all = await tx.list<PodIdentityAssociationData>(ctx.caller.account, POD_IDENTITY_KIND, { prefix: clusterPrefix(ctx.region, input.ClusterName), limit: MAX_PER_CLUSTER });
      const wanted = all.filter((i) => (input.Namespace === undefined || i.data.namespace === input.Namespace) && (input.ServiceAccount === undefined || i.data.serviceAccount === input.ServiceAccount));
      return { Associations: wanted.map((i) => associationView(i.data)) };
    }),
});
