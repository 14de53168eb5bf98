/**
 * The one error registry: every AWS error code Rolegate answers, with its HTTP status and fault
 * (Sender: the client's; Receiver: ours), from the service models (botocore data/iam/2010-05-08,
 * data/sts/2011-06-15, data/organizations/2016-11-28) and the IAM and STS "Common Errors" pages.
 * Errors are AwsError values built by the factories below, never with a status given ad hoc, and
 * mapped to the wire at exactly one boundary (the request's protocol in http/). README.md's
 * "Errors" table lists this registry; test/integration/readme.test.ts keeps the two in step.
 */

type Fault = 'Sender' | 'Receiver';

/** Code → HTTP status and fault. A family keeps its own messages, never its own statuses. */
export const ERRORS = Object.freeze({
  // Common to the Query services (IAM and STS "Common Errors") and to our HTTP edge.
  AccessDenied: { status: 403, fault: 'Sender' },
  ExpiredToken: { status: 403, fault: 'Sender' },
  IncompleteSignature: { status: 400, fault: 'Sender' },
  InvalidAction: { status: 400, fault: 'Sender' },
  InvalidClientTokenId: { status: 403, fault: 'Sender' },
  InvalidParameterValue: { status: 400, fault: 'Sender' },
  MalformedQueryString: { status: 404, fault: 'Sender' },
  MissingAuthenticationToken: { status: 403, fault: 'Sender' },
  RequestEntityTooLarge: { status: 413, fault: 'Sender' },
  ServiceFailure: { status: 500, fault: 'Receiver' },
  ServiceUnavailable: { status: 503, fault: 'Receiver' },
  // IAM over its request rate: `<Code>Throttling</Code><Message>Rate exceeded</Message>`, HTTP 400.
  Throttling: { status: 400, fault: 'Sender' },
  SignatureDoesNotMatch: { status: 403, fault: 'Sender' },
  ValidationError: { status: 400, fault: 'Sender' },
  // AWS JSON protocols: an operation the service does not have; a body it cannot read; bad input.
  UnknownOperationException: { status: 400, fault: 'Sender' },
  SerializationException: { status: 400, fault: 'Sender' },
  ValidationException: { status: 400, fault: 'Sender' },

  // IAM
  ConcurrentModification: { status: 409, fault: 'Sender' },
  DeleteConflict: { status: 409, fault: 'Sender' },
  EntityAlreadyExists: { status: 409, fault: 'Sender' },
  InvalidAuthenticationCode: { status: 403, fault: 'Sender' },
  InvalidInput: { status: 400, fault: 'Sender' },
  LimitExceeded: { status: 409, fault: 'Sender' },
  MalformedPolicyDocument: { status: 400, fault: 'Sender' },
  NoSuchEntity: { status: 404, fault: 'Sender' },
  PolicyNotAttachable: { status: 400, fault: 'Sender' },
  UnmodifiableEntity: { status: 400, fault: 'Sender' },
  ReportExpired: { status: 410, fault: 'Sender' },
  ReportInProgress: { status: 404, fault: 'Sender' },
  ReportNotPresent: { status: 410, fault: 'Sender' },
  // IAM: SSH public keys, signing and server certificates (botocore iam service-2.json).
  InvalidPublicKey: { status: 400, fault: 'Sender' },
  DuplicateSSHPublicKey: { status: 400, fault: 'Sender' },
  UnrecognizedPublicKeyEncoding: { status: 400, fault: 'Sender' },
  MalformedCertificate: { status: 400, fault: 'Sender' },
  InvalidCertificate: { status: 400, fault: 'Sender' },
  DuplicateCertificate: { status: 409, fault: 'Sender' },
  KeyPairMismatch: { status: 400, fault: 'Sender' },
  EntityTemporarilyUnmodifiable: { status: 409, fault: 'Sender' },
  InvalidUserType: { status: 400, fault: 'Sender' },
  PasswordPolicyViolation: { status: 400, fault: 'Sender' },
  // IAM: outbound identity federation (botocore iam service-2.json).
  FeatureEnabled: { status: 409, fault: 'Sender' },
  FeatureDisabled: { status: 404, fault: 'Sender' },

  // STS
  ExpiredTokenException: { status: 400, fault: 'Sender' },
  IDPCommunicationError: { status: 400, fault: 'Sender' },
  IDPRejectedClaim: { status: 403, fault: 'Sender' },
  InvalidAuthorizationMessageException: { status: 400, fault: 'Sender' },
  InvalidIdentityToken: { status: 400, fault: 'Sender' },
  PackedPolicyTooLarge: { status: 400, fault: 'Sender' },
  // STS: GetWebIdentityToken (botocore sts service-2.json).
  OutboundWebIdentityFederationDisabledException: { status: 403, fault: 'Sender' },
  SessionDurationEscalationException: { status: 403, fault: 'Sender' },
  JWTPayloadSizeExceededException: { status: 400, fault: 'Sender' },

  // Organizations: every modeled error is a client error, HTTP 400 (its fault, ServiceException,
  // is ServiceFailure renamed on the wire: http/routes.ts).
  AWSOrganizationsNotInUseException: { status: 400, fault: 'Sender' },
  AccessDeniedException: { status: 400, fault: 'Sender' },
  AccountNotFoundException: { status: 400, fault: 'Sender' },
  AlreadyInOrganizationException: { status: 400, fault: 'Sender' },
  ChildNotFoundException: { status: 400, fault: 'Sender' },
  ConstraintViolationException: { status: 400, fault: 'Sender' },
  CreateAccountStatusNotFoundException: { status: 400, fault: 'Sender' },
  DestinationParentNotFoundException: { status: 400, fault: 'Sender' },
  DuplicateAccountException: { status: 400, fault: 'Sender' },
  DuplicateOrganizationalUnitException: { status: 400, fault: 'Sender' },
  DuplicatePolicyAttachmentException: { status: 400, fault: 'Sender' },
  DuplicatePolicyException: { status: 400, fault: 'Sender' },
  InvalidInputException: { status: 400, fault: 'Sender' },
  MalformedPolicyDocumentException: { status: 400, fault: 'Sender' },
  OrganizationalUnitNotEmptyException: { status: 400, fault: 'Sender' },
  OrganizationalUnitNotFoundException: { status: 400, fault: 'Sender' },
  ParentNotFoundException: { status: 400, fault: 'Sender' },
  PolicyInUseException: { status: 400, fault: 'Sender' },
  PolicyNotAttachedException: { status: 400, fault: 'Sender' },
  PolicyNotFoundException: { status: 400, fault: 'Sender' },
  PolicyTypeAlreadyEnabledException: { status: 400, fault: 'Sender' },
  PolicyTypeNotAvailableForOrganizationException: { status: 400, fault: 'Sender' },
  PolicyTypeNotEnabledException: { status: 400, fault: 'Sender' },
  RootNotFoundException: { status: 400, fault: 'Sender' },
  SourceParentNotFoundException: { status: 400, fault: 'Sender' },
  TargetNotFoundException: { status: 400, fault: 'Sender' },

  // IAM Roles Anywhere (botocore data/rolesanywhere/2018-05-10).
  TooManyTagsException: { status: 400, fault: 'Sender' },
} as const satisfies Record<string, { readonly status: number; readonly fault: Fault }>);

export type ErrorCode = keyof typeof ERRORS;

/** Members an error carries on the wire besides its message (Organizations' `Reason`). */
export type Members = Readonly<Record<string, string>>;
const NO_MEMBERS: Members = Object.freeze({});

export class AwsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Sender (the client's fault) or Receiver (ours). */
  readonly sender: boolean;
  readonly members: Members;
  /** Status and fault come from the registry; only factories and the sigv4/access classes call this. */
  constructor(code: ErrorCode, message: string, members: Members = NO_MEMBERS) {
    super(message);
    const { status, fault } = ERRORS[code];
    this.name = code;
    this.code = code;
    this.status = status;
    this.sender = fault === 'Sender';
    this.members = members;
  }

  /** The same error with another message (redaction). */
  withMessage(message: string): AwsError {
    return new AwsError(this.code, message, this.members);
  }
}

/** The factory of a registered code: the caller gives the message (and members, if any). */
export const error =
  (code: ErrorCode) =>
  (message: string, members?: Members): AwsError =>
    new AwsError(code, message, members);

/** The factory of a registered code whose message is always the same. */
export const fixedError =
  (code: ErrorCode, message: string) =>
  (): AwsError =>
    new AwsError(code, message);

export const AccessDenied = error('AccessDenied');
export const ExpiredToken = error('ExpiredToken');
export const IncompleteSignature = error('IncompleteSignature');
export const InvalidAction = error('InvalidAction');
export const InvalidClientTokenId = error('InvalidClientTokenId');
export const InvalidParameterValue = error('InvalidParameterValue');
export const MissingAuthenticationToken = error('MissingAuthenticationToken');
export const PayloadTooLarge = error('RequestEntityTooLarge');
/** AWS's common error for a temporary failure of the server (the SDKs retry a 503). */
export const ServiceUnavailable = error('ServiceUnavailable');
export const Throttling = error('Throttling');
export const SignatureDoesNotMatch = error('SignatureDoesNotMatch');
export const ValidationError = error('ValidationError');
export const UnknownOperation = error('UnknownOperationException');
export const Serialization = error('SerializationException');
/** An unexpected fault: the message reveals nothing; details go to the log with the request id. */
export const serviceFailure = fixedError('ServiceFailure', 'An internal error occurred. Retry the request; if it persists, check the server log.');

export const ConcurrentModification = error('ConcurrentModification');
export const DeleteConflict = error('DeleteConflict');
export const EntityAlreadyExists = error('EntityAlreadyExists');
export const InvalidInput = error('InvalidInput');
export const LimitExceeded = error('LimitExceeded');
export const MalformedPolicyDocument = error('MalformedPolicyDocument');
export const NoSuchEntity = error('NoSuchEntity');
export const TooManyTags = error('TooManyTagsException');
export const PolicyNotAttachable = error('PolicyNotAttachable');
export const UnmodifiableEntity = error('UnmodifiableEntity');
// GetCredentialReport. ReportInProgress is never thrown: Generate builds the report in its own transaction.
export const ReportExpired = error('ReportExpired');
export const ReportNotPresent = error('ReportNotPresent');
export const InvalidPublicKey = error('InvalidPublicKey');
export const DuplicateSSHPublicKey = error('DuplicateSSHPublicKey');
export const UnrecognizedPublicKeyEncoding = error('UnrecognizedPublicKeyEncoding');
export const MalformedCertificate = error('MalformedCertificate');
export const InvalidCertificate = error('InvalidCertificate');
export const DuplicateCertificate = error('DuplicateCertificate');
export const KeyPairMismatch = error('KeyPairMismatch');
export const EntityTemporarilyUnmodifiable = error('EntityTemporarilyUnmodifiable');
export const InvalidUserType = error('InvalidUserType');
export const PasswordPolicyViolation = error('PasswordPolicyViolation');

// STS's federation errors, shared by AssumeRoleWithWebIdentity and AssumeRoleWithSAML.
export const InvalidIdentityToken = error('InvalidIdentityToken');
export const IDPRejectedClaim = error('IDPRejectedClaim');
export const ExpiredTokenException = error('ExpiredTokenException');
