/**
 * EKS Pod Identity associations as Rolegate keeps them: in a cluster (named per account and
 * Region, its issuer being the account's own OIDC issuer, federation/issuer/), a Kubernetes
 * namespace and service account → an IAM role. One association per (cluster, namespace, service
 * account), as EKS allows. https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
import type { Spec } from '../../core/input.js';

export const POD_IDENTITY_KIND = 'pod-identity-association';
/** The audience a pod's token must carry ("This value is always pods.eks.amazonaws.com"). */
export const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';
/** The service principal that assumes the role, as the role's trust policy must name it. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/** At most this many associations per cluster (EKS' quota: 5,000 per cluster). */
export const MAX_PER_CLUSTER = 5000;

export interface PodIdentityAssociationData {
  readonly associationId: string;
  readonly associationArn: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly createdAt: string;
}

/** botocore eks-auth ClusterName. */
export const clusterName = { type: 'string', min: 1, max: 100, pattern: { re: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, text: '[0-9A-Za-z][A-Za-z0-9\\-_]*' } } as const satisfies Spec;
/** A Kubernetes namespace: a DNS-1123 label. */
export const namespace = { type: 'string', min: 1, max: 63, pattern: { re: /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/, text: '[a-z0-9]([-a-z0-9]*[a-z0-9])?' } } as const satisfies Spec;
/** A Kubernetes service account name: a DNS-1123 subdomain. */
export const serviceAccount = { type: 'string', min: 1, max: 253, pattern: { re: /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/, text: '[a-z0-9]([-a-z0-9.]*[a-z0-9])?' } } as const satisfies Spec;
/** EKS association ids: `a-` and 17 lowercase letters or digits. */
export const associationId = { type: 'string', min: 19, max: 19, pattern: { re: /^a-[a-z0-9]{17}$/, text: 'a-[a-z0-9]{17}' } } as const satisfies Spec;

export const clusterArn = (region: string, account: string, cluster: string): string => `arn:aws:eks:${region}:${account}:cluster/${cluster}`;
export const associationArnOf = (region: string, account: string, cluster: string, id: string): string => `arn:aws:eks:${region}:${account}:podidentityassociation/${cluster}/${id}`;
/** The store key: Region and cluster first, so a cluster's associations are one prefix. */
export const clusterPrefix = (region: string, cluster: string): string => `${region}/${cluster}/`;
export const associationKey = (region: string, cluster: string, ns: string, sa: string): string => `${clusterPrefix(region, cluster)}${ns}/${sa}`;

/** The association as the rolegate actions return it (EKS's PodIdentityAssociation members). */
export const associationView = (a: PodIdentityAssociationData) => ({
  ClusterName: a.clusterName,
  Namespace: a.namespace,
  ServiceAccount: a.serviceAccount,
  RoleArn: a.roleArn,
  AssociationArn: a.associationArn,
  AssociationId: a.associationId,
  CreatedAt: new Date(a.createdAt),
});
