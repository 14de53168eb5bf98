/**
 * What AWS forbids some temporary credentials whatever their policies say.
 * GetSessionToken: "You cannot call any IAM API operations unless MFA authentication information
 * is included in the request. You cannot call any STS API except AssumeRole or GetCallerIdentity."
 * GetFederationToken: "You cannot call any IAM operations using the AWS CLI or the AWS API ... You
 * cannot call any STS operations except GetCallerIdentity."
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
import { AccessDenied, InvalidClientTokenId } from '../core/errors.js';
import type { Caller, ServiceName } from '../core/action.js';

const USER_SESSION_STS = new Set(['AssumeRole', 'GetCallerIdentity']);

export function checkSessionLimits(caller: Caller, service: ServiceName, action: string): void {
  const s = caller.session;
  if (s === undefined || s.kind === 'role') return;
  if (service === 'iam' && (s.kind === 'federated' || s.mfa !== true)) {
    // What IAM answers such credentials: it does not accept them as a token at all.
    throw InvalidClientTokenId('The security token included in the request is invalid.');
  }
  if (service === 'sts' && !(s.kind === 'user' ? USER_SESSION_STS.has(action) : action === 'GetCallerIdentity')) {
    throw AccessDenied(`Cannot call ${action} with session credentials`);
  }
  // rolegate:AssumeRoleForService and GetWorkloadCredentials issue a role's session credentials: an
  // AssumeRole in another guise, which federation tokens may not call (GetSessionToken's may, as
  // they may AssumeRole). rolegate:CreateServiceAccountToken likewise: its token is a role's
  // credentials one call away.
  if (service === 'rolegate' && (action === 'AssumeRoleForService' || action === 'GetWorkloadCredentials' || action === 'CreateServiceAccountToken') && s.kind === 'federated') {
    throw AccessDenied(`Cannot call ${action} with session credentials`);
  }
}
