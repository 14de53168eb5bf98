/** EKS Pod Identity (src/federation/pod-identity/): eks-auth:AssumeRoleForPodIdentity and the rolegate association calls. */
import type { AnyAction } from '../../core/action.js';
import { assumeRoleForPodIdentity } from './assume-role-for-pod-identity.js';
import { createPodIdentityAssociation, deletePodIdentityAssociation, listPodIdentityAssociations } from './associations.js';

export const podIdentityActions: readonly AnyAction[] = [createPodIdentityAssociation, deletePodIdentityAssociation, listPodIdentityAssociations, assumeRoleForPodIdentity];
