/**
 * The one routing table: which wire protocol each service speaks, and which protocol a request
 * speaks, from what it carries. The service itself comes from the SigV4 credential scope
 * (access/authenticate.ts). Adding a protocol is an adapter (wire.ts) plus its entry here; adding
 * a service of an existing protocol is its metadata below.
 */
import type { ServiceName } from '../core/action.js';
import { type RequestHead, claimedService } from '../access/authenticate.js';
import { COMMON_ERRORS, Json11Protocol, jsonTarget } from './json11.js';
import { QueryProtocol } from './query.js';
import { RestJsonProtocol, unknownRoute } from './rest-json.js';
import type { WireProtocol } from './wire.js';

export const QUERY = new QueryProtocol(
  {
    iam: { version: '2010-05-08', namespace: 'https://iam.amazonaws.com/doc/2010-05-08/' },
    sts: { version: '2011-06-15', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' },
  },
  'iam',
);

export const JSON11 = new Json11Protocol({
  // Organizations names its fault ServiceException and its denial AccessDeniedException, and models
  // no ValidationException: bad input is InvalidInputException with a Reason (INPUT_REQUIRED,
  // MAX_LENGTH_EXCEEDED, INVALID_PATTERN, INVALID_ENUM, MAX_VALUE_EXCEEDED, …) (botocore data/organizations).
  organizations: {
    targetPrefix: 'AWSOrganizationsV20161128',
    errors: { ...COMMON_ERRORS, ServiceFailure: ['ServiceException', 500], ServiceUnavailable: ['ServiceException', 503], ConcurrentModification: ['ConcurrentModificationException', 400] },
    validation: { code: 'InvalidInputException', reasonMember: 'Reason' },
  },
  // Rolegate's own service (src/rolegate/): IAM's error names with JSON's Exception suffix.
  rolegate: {
    targetPrefix: 'RolegateV20261201',
    errors: {
      ...COMMON_ERRORS,
      NoSuchEntity: ['NoSuchEntityException', 404],
      InvalidInput: ['InvalidInputException', 400],
      LimitExceeded: ['LimitExceededException', 409],
      ServiceFailure: ['ServiceFailureException', 500],
      EntityAlreadyExists: ['EntityAlreadyExistsException', 409],
    },
    validation: { code: 'ValidationException' },
  },
  // IAM Identity Center's identity store (botocore data/identitystore/2020-06-15): every modeled
  // error is HTTP 400 (the API reference's Errors sections); not-found and conflict errors carry
  // ResourceType/ResourceId and Reason members.
  identitystore: {
    targetPrefix: 'AWSIdentityStore',
    errors: {
      ...COMMON_ERRORS,
      NoSuchEntity: ['ResourceNotFoundException', 400],
      EntityAlreadyExists: ['ConflictException', 400],
      ConcurrentModification: ['ConflictException', 400],
      ValidationError: ['ValidationException', 400],
      Throttling: ['ThrottlingException', 400],
      ServiceFailure: ['InternalServerException', 500],
      ServiceUnavailable: ['InternalServerException', 503],
    },
    validation: { code: 'ValidationException' },
  },
  // IAM Identity Center's sso-admin (botocore data/sso-admin/2020-07-20, signing name sso): its
  // seven error shapes, all HTTP 400 but InternalServerException (the model gives no status).
  sso: {
    targetPrefix: 'SWBExternalService',
    errors: {
      ...COMMON_ERRORS,
      NoSuchEntity: ['ResourceNotFoundException', 400],
      EntityAlreadyExists: ['ConflictException', 400],
      ConcurrentModification: ['ConflictException', 400],
      LimitExceeded: ['ServiceQuotaExceededException', 400],
      ValidationError: ['ValidationException', 400],
      InvalidInput: ['ValidationException', 400],
      Throttling: ['ThrottlingException', 400],
      ServiceFailure: ['InternalServerException', 500],
      ServiceUnavailable: ['InternalServerException', 503],
    },
    validation: { code: 'ValidationException' },
  },
});

export const REST_JSON = new RestJsonProtocol({
  // EKS Auth (botocore data/eks-auth/2023-11-26): its error shapes and their httpStatusCode. The
  // registry's codes a handler throws are renamed to the ones the model knows; bad input is
  // InvalidParameterException (the model has no ValidationException).
  'eks-auth': {
    routes: [{ method: 'POST', uri: '/clusters/{clusterName}/assume-role-for-pod-identity', operation: 'AssumeRoleForPodIdentity' }],
    errors: {
      ...COMMON_ERRORS,
      ExpiredToken: ['ExpiredTokenException', 400],
      InvalidIdentityToken: ['InvalidTokenException', 400],
      NoSuchEntity: ['ResourceNotFoundException', 404],
      InvalidParameterValue: ['InvalidParameterException', 400],
      ValidationError: ['InvalidParameterException', 400],
      Throttling: ['ThrottlingException', 429],
      ServiceFailure: ['InternalServerException', 500],
      ServiceUnavailable: ['ServiceUnavailableException', 503],
    },
    validation: { code: 'ValidationError' },
  },
  // IAM Roles Anywhere (botocore data/rolesanywhere/2018-05-10): each operation's http binding,
  // success status (responseCode) and query-string members; its four error shapes.
  rolesanywhere: {
    routes: [
      { method: 'POST', uri: '/trustanchors', operation: 'CreateTrustAnchor', status: 201 },
      { method: 'GET', uri: '/trustanchors', operation: 'ListTrustAnchors', query: { nextToken: 'nextToken', pageSize: 'pageSize' } },
      { method: 'GET', uri: '/trustanchor/{trustAnchorId}', operation: 'GetTrustAnchor' },
      { method: 'PATCH', uri: '/trustanchor/{trustAnchorId}', operation: 'UpdateTrustAnchor' },
      { method: 'DELETE', uri: '/trustanchor/{trustAnchorId}', operation: 'DeleteTrustAnchor' },
      { method: 'POST', uri: '/trustanchor/{trustAnchorId}/enable', operation: 'EnableTrustAnchor' },
      { method: 'POST', uri: '/trustanchor/{trustAnchorId}/disable', operation: 'DisableTrustAnchor' },
      { method: 'PATCH', uri: '/put-notifications-settings', operation: 'PutNotificationSettings' },
      { method: 'PATCH', uri: '/reset-notifications-settings', operation: 'ResetNotificationSettings' },
      { method: 'POST', uri: '/profiles', operation: 'CreateProfile', status: 201 },
      { method: 'GET', uri: '/profiles', operation: 'ListProfiles', query: { nextToken: 'nextToken', pageSize: 'pageSize' } },
      { method: 'GET', uri: '/profile/{profileId}', operation: 'GetProfile' },
      { method: 'PATCH', uri: '/profile/{profileId}', operation: 'UpdateProfile' },
      { method: 'DELETE', uri: '/profile/{profileId}', operation: 'DeleteProfile' },
      { method: 'POST', uri: '/profile/{profileId}/enable', operation: 'EnableProfile' },
      { method: 'POST', uri: '/profile/{profileId}/disable', operation: 'DisableProfile' },
      { method: 'PUT', uri: '/profiles/{profileId}/mappings', operation: 'PutAttributeMapping' },
      { method: 'DELETE', uri: '/profiles/{profileId}/mappings', operation: 'DeleteAttributeMapping', query: { certificateField: 'certificateField', specifiers: 'specifiers' } },
      { method: 'POST', uri: '/crls', operation: 'ImportCrl', status: 201 },
      { method: 'GET', uri: '/crls', operation: 'ListCrls', query: { nextToken: 'nextToken', pageSize: 'pageSize' } },
      { method: 'GET', uri: '/crl/{crlId}', operation: 'GetCrl' },
      { method: 'PATCH', uri: '/crl/{crlId}', operation: 'UpdateCrl' },
      { method: 'DELETE', uri: '/crl/{crlId}', operation: 'DeleteCrl' },
      { method: 'POST', uri: '/crl/{crlId}/enable', operation: 'EnableCrl' },
      { method: 'POST', uri: '/crl/{crlId}/disable', operation: 'DisableCrl' },
      { method: 'GET', uri: '/subjects', operation: 'ListSubjects', query: { nextToken: 'nextToken', pageSize: 'pageSize' } },
      { method: 'GET', uri: '/subject/{subjectId}', operation: 'GetSubject' },
      { method: 'POST', uri: '/TagResource', operation: 'TagResource', status: 201 },
      { method: 'POST', uri: '/UntagResource', operation: 'UntagResource' },
      { method: 'GET', uri: '/ListTagsForResource', operation: 'ListTagsForResource', query: { resourceArn: 'resourceArn' } },
      // The data plane (not in botocore; aws/rolesanywhere-credential-helper's model): the three
      // ARNs in the query (as that helper sends them) or the body (as AWS's guide shows them).
      { method: 'POST', uri: '/sessions', operation: 'CreateSession', status: 201, query: { profileArn: 'profileArn', roleArn: 'roleArn', trustAnchorArn: 'trustAnchorArn' } },
    ],
    errors: {
      ...COMMON_ERRORS,
      AccessDenied: ['AccessDeniedException', 403],
      NoSuchEntity: ['ResourceNotFoundException', 404],
      ValidationError: ['ValidationException', 400],
      InvalidInput: ['ValidationException', 400],
      InvalidParameterValue: ['ValidationException', 400],
      MalformedPolicyDocument: ['ValidationException', 400],
      PackedPolicyTooLarge: ['ValidationException', 400],
    },
    validation: { code: 'ValidationError' },
  },
});

/** Each service and the protocol it speaks (botocore's `metadata.protocol`). */
export const SERVICE_PROTOCOL: Readonly<Record<ServiceName, WireProtocol>> = { iam: QUERY, sts: QUERY, organizations: JSON11, rolegate: JSON11, 'eks-auth': REST_JSON, rolesanywhere: REST_JSON, identitystore: JSON11, sso: JSON11 };

/** The service whose unsigned calls (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) are taken, and its protocol. */
export const UNSIGNED = { service: 'sts', protocol: QUERY } as const;

/**
 * A request read as a Query form (no X-Amz-Target, no REST route) whose credential scope turns out
 * to name a restJson1 service: a method and path bound to none of its operations, answered as that
 * service answers an unknown route (404 UnknownOperationException, rest-json.ts) — not with the
 * Query or JSON 1.1 wording. Otherwise the Query adapter's own reading.
 */
const QUERY_OR_UNKNOWN_ROUTE: WireProtocol = {
  name: QUERY.name,
  open(req) {
    const incoming = QUERY.open(req);
    return {
      ...incoming,
      action(service, registry) {
        if (SERVICE_PROTOCOL[service] === REST_JSON) throw unknownRoute(req.head.method, req.head.path);
        return incoming.action(service, registry);
      },
    };
  },
  encode: (service, operation, output, requestId) => QUERY.encode(service, operation, output, requestId),
  encodeError: (service, error, requestId) => QUERY.encodeError(service, error, requestId),
};

/**
 * The protocol a request speaks: an operation named in X-Amz-Target is JSON's; a method and path
 * bound to a REST operation (never `/`) is REST-JSON's; anything else a Query form (or, for a
 * restJson1 service, an unknown route).
 */
export function protocolOf(head: RequestHead): WireProtocol {
  if (jsonTarget(head.headers) !== undefined) return JSON11;
  return head.path !== '/' && REST_JSON.match(head.method, head.path) !== undefined ? REST_JSON : QUERY_OR_UNKNOWN_ROUTE;
}

/**
 * The service a request is for before authentication names it: a restJson1 path names its
 * service itself (`POST /sessions` is rolesanywhere's even unsigned); else the credential scope's.
 */
export function addressedService(head: RequestHead): ServiceName {
  return (head.path === '/' ? undefined : REST_JSON.match(head.method, head.path)?.compiled.service) ?? claimedService(head);
}

/**
 * The protocol an error is written in: a JSON request's own (its SDK reads JSON, whichever
 * service it reached), any other in the protocol of the service it addressed.
 */
export function answeringProtocol(request: WireProtocol, service: ServiceName): WireProtocol {
  return request === JSON11 || request === REST_JSON ? request : SERVICE_PROTOCOL[service];
}
