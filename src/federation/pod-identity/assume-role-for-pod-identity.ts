/**
 * eks-auth:AssumeRoleForPodIdentity (restJson1, `POST /clusters/{clusterName}/assume-role-for-pod-identity`,
 * body {token}): what the EKS Pod Identity Agent calls, signed with the node's credentials, to turn
 * a pod's service-account token into credentials of the role its association names. The call is
 * authorized as eks-auth:AssumeRoleForPodIdentity on the cluster's ARN (the node role's policy,
 * AmazonEKSWorkerNodePolicy, grants it); the token is checked (verify.ts); the association of its
 * namespace and service account in the cluster is found; and the role is assumed as the service
 * principal pods.eks.amazonaws.com, whose trust policy must allow sts:AssumeRole and
 * sts:TagSession, with the session tags EKS sets:
 * eks-cluster-arn, eks-cluster-name, kubernetes-namespace, kubernetes-service-account,
 * kubernetes-pod-name, kubernetes-pod-uid (the last two from the token's pod claims when it has
 * them). AWS: "All of the session tags that are added by EKS Pod Identity are transitive".
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html
 */
import { action } from '../../core/action.js';
import { AccessDenied, NoSuchEntity } from '../../core/errors.js';
import type { Spec } from '../../core/input.js';
import { randomUuid } from '../../credentials/random.js';
import { KIND, type RoleData, nameKey } from '../../iam/model.js';
import { type ContextValue, requestContext } from '../../policy/index.js';
import { checkRoleSessionDuration, issueRoleSession, sessionTags } from '../../sts/session.js';
import { refuseScpExemptSession } from '../../sts/scp-exempt.js';
import { boundRole, parseRoleArn, roleAccountRcps, trustAllows } from '../../sts/trust.js';
import { POD_IDENTITY_AUDIENCE, POD_IDENTITY_KIND, POD_IDENTITY_PRINCIPAL, type PodIdentityAssociationData, associationKey, clusterArn, clusterName } from './model.js';
import { verifyPodToken } from './verify.js';

/** botocore eks-auth JwtToken (sensitive: never quoted, logged or audited). */
const jwtToken = { type: 'string', min: 1, max: 16_384, pattern: { re: /^[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+$/, text: '[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+' }, sensitive: true } as const satisfies Spec;

/** Rolegate's choice (AWS documents none): at most six hours, within the role's MaxSessionDuration; the agent fetches anew per request. */
const SESSION_SECONDS = 6 * 3600;

/** AWS's session name: `eks-<cluster>-<pod>-<uuid>`, cut to STS's 64 characters before the uuid. */
function sessionName(cluster: string, pod: string | undefined): string {
  const uuid = randomUuid();
  return `${`eks-${cluster}-${pod ?? 'pod'}`.slice(0, 64 - uuid.length - 1).replace(/[-.]+$/, '')}-${uuid}`;
}

export const assumeRoleForPodIdentity = action({
  service: 'eks-auth',
  name: 'AssumeRoleForPodIdentity',
  params: { clusterName: { ...clusterName, required: true }, token: { ...jwtToken, required: true } },
  resource: (input, caller, ctx) => clusterArn(ctx.region, caller.account, input.clusterName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const pod = await verifyPodToken(ctx.services, account, input.token, ctx.now);
    const found = await ctx.store.read((tx) => tx.get<PodIdentityAssociationData>(account, POD_IDENTITY_KIND, associationKey(ctx.region, input.clusterName, pod.namespace, pod.serviceAccount)));
    if (found === undefined) {
      throw NoSuchEntity(`No Pod Identity Association found for service account ${pod.namespace}/${pod.serviceAccount} in cluster ${input.clusterName}.`);
    }
    const association = found.data;
    const cluster = clusterArn(ctx.region, account, input.clusterName);
    const { account: roleAccount, name } = parseRoleArn(association.roleArn);
    const denied = () => AccessDenied(`User: ${POD_IDENTITY_PRINCIPAL} is not authorized to perform: sts:AssumeRole on resource: ${association.roleArn}`);
    const item = roleAccount === account ? await ctx.services.cache.now<RoleData>(roleAccount, KIND.role, nameKey(name)) : undefined;
    if (item === undefined || item.data.arn !== association.roleArn) throw denied();
    const role = await boundRole(ctx, item.data);
    const tags: [string, string][] = [
      ['eks-cluster-arn', cluster],
      ['eks-cluster-name', input.clusterName],
      ['kubernetes-namespace', pod.namespace],
      ['kubernetes-service-account', pod.serviceAccount],
    ];
    if (pod.podName !== undefined) tags.push(['kubernetes-pod-name', pod.podName]);
    if (pod.podUid !== undefined) tags.push(['kubernetes-pod-uid', pod.podUid]);
    const tagInput = tags.map(([Key, Value]) => ({ Key, Value }));
    const keys = tags.map(([k]) => k);
    const roleSessionName = sessionName(input.clusterName, pod.podName);
    // The service's request to STS: no caller IP or MFA; its tags as aws:RequestTag/… for the trust policy.
    const context: Record<string, ContextValue> = {
      ...requestContext({ now: ctx.now, region: ctx.region, secureTransport: true }),
      'sts:RoleSessionName': roleSessionName,
      'aws:TagKeys': keys,
      'sts:TransitiveTagKeys': keys,
      'aws:SourceAccount': account,
      'aws:SourceArn': cluster,
    };
    for (const [k, v] of tags) context[`aws:RequestTag/${k}`] = v;
    const rcps = await roleAccountRcps(ctx, roleAccount);
    const principal = { arn: POD_IDENTITY_PRINCIPAL };
    if (!trustAllows(principal, 'sts:AssumeRole', role, roleAccount, context, rcps)) throw denied();
    if (!trustAllows(principal, 'sts:TagSession', role, roleAccount, context, rcps)) {
      throw AccessDenied(`User: ${POD_IDENTITY_PRINCIPAL} is not authorized to perform: sts:TagSession on resource: ${association.roleArn}`);
    }
    // No service-linked role trusts pods.eks.amazonaws.com today; kept so that none ever hands its
    // SCP-exempt session to a node of an account SCPs govern.
    await refuseScpExemptSession(ctx, role);
    const duration = Math.min(SESSION_SECONDS, role.maxSessionDuration);
    checkRoleSessionDuration(duration, false, role);
    const session = issueRoleSession(ctx.services, ctx.now, duration, { account: roleAccount, role, sessionName: roleSessionName, policyArns: [], tags: sessionTags(tagInput, keys, undefined) });
    const c = session.Credentials;
    return {
      subject: { namespace: pod.namespace, serviceAccount: pod.serviceAccount },
      audience: POD_IDENTITY_AUDIENCE,
      podIdentityAssociation: { associationArn: association.associationArn, associationId: association.associationId },
      assumedRoleUser: { arn: session.AssumedRoleUser.Arn, assumeRoleId: session.AssumedRoleUser.AssumedRoleId },
      credentials: { sessionToken: c.SessionToken, secretAccessKey: c.SecretAccessKey, accessKeyId: c.AccessKeyId, expiration: c.Expiration },
    };
  },
});
