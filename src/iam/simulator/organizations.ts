/**
 * The SCPs a simulation runs through: those of the calling account — the account whose policies are
 * simulated, and the one inOrganization() speaks of — never those of a CallerArn in another
 * account (that would run, and so disclose, another tenant's SCPs). Read from the
 * same per-account cache enforcement reads (src/organizations/control-policies.ts), so the
 * simulator and enforcement see the same organization levels. AWS: "The IAM policy simulator
 * evaluates statements in identity-based policies, service control policies (SCPs) including their
 * condition keys and resource scoping" (API_SimulatePrincipalPolicy / API_SimulateCustomPolicy).
 * None apply outside an organization, to the management account, or to a service-linked role.
 * RCPs are not simulated: AWS's simulator reports only the SCPs' effect (OrganizationsDecisionDetail).
 */
import type { Services } from '../../core/services.js';
import { CONTROL_POLICIES } from '../../organizations/control-policies.js';
import type { Simulation } from './types.js';

export async function withControlPolicies(services: Services, account: string, sim: Simulation, serviceLinkedRole: boolean): Promise<Simulation> {
  // AWS: SCPs don't restrict service-linked roles (orgs_manage_policies_scps.html).
  if (serviceLinkedRole) return sim;
  const scp = await services.get(CONTROL_POLICIES).levels(account, 'SERVICE_CONTROL_POLICY');
  return scp === undefined ? sim : { ...sim, scp };
}
