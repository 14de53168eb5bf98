/**
 * AWS errors as typed values, mapped to the wire at exactly one boundary (the request's protocol in http/).
 * Code, HTTP status and Sender/Receiver follow the service models (botocore data/iam, data/sts).
 */
const NO_MEMBERS: Readonly<Record<string, string>> = Object.freeze({});

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Sender (the client's fault) or Receiver (ours). */
  readonly sender: boolean;
  /** Members the error carries on the wire besides its message (Organizations' `Reason`). */
  readonly members: Readonly<Record<string, string>>;
  constructor(code: string, message: string, status = 400, sender = true, members: Readonly<Record<string, string>> = NO_MEMBERS) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.sender = sender;
    this.members = members;
  }

  /** The same error with another message (redaction). */
  withMessage(message: string): AwsError {
    return new AwsError(this.code, message, this.status, this.sender, this.members);
  }
}

const make =
  (code: string, status: number, sender = true) =>
  (message: string): AwsError =>
    new AwsError(code, message, status, sender);

export const NoSuchEntity = make('NoSuchEntity', 404);
export const EntityAlreadyExists = make('EntityAlreadyExists', 409);
export const DeleteConflict = make('DeleteConflict', 409);
export const LimitExceeded = make('LimitExceeded', 409);
export const MalformedPolicyDocument = make('MalformedPolicyDocument', 400);
export const InvalidInput = make('InvalidInput', 400);
export const UnmodifiableEntity = make('UnmodifiableEntity', 400);
export const ConcurrentModification = make('ConcurrentModification', 409);
export const PolicyNotAttachable = make('PolicyNotAttachable', 400);
export const ValidationError = make('ValidationError', 400);
export const MissingParameter = make('MissingParameter', 400);
export const InvalidAction = make('InvalidAction', 400);
/** AWS JSON protocols: an operation the service does not have. */
export const UnknownOperation = make('UnknownOperationException', 400);
/** AWS JSON protocols: a body the service cannot read. */
export const Serialization = make('SerializationException', 400);
export const InvalidParameterValue = make('InvalidParameterValue', 400);
export const AccessDenied = make('AccessDenied', 403);
export const MissingAuthenticationToken = make('MissingAuthenticationToken', 403);
export const InvalidClientTokenId = make('InvalidClientTokenId', 403);
export const SignatureDoesNotMatch = make('SignatureDoesNotMatch', 403);
export const IncompleteSignature = make('IncompleteSignature', 400);
export const ExpiredToken = make('ExpiredToken', 403);
export const NotImplemented = make('NotImplemented', 501);
export const PayloadTooLarge = make('RequestEntityTooLarge', 413);
/** AWS's common error for a temporary failure of the server (the SDKs retry a 503). */
export const ServiceUnavailable = make('ServiceUnavailable', 503, false);

/** An unexpected fault: the message reveals nothing; details go to the log with the request id. */
export function serviceFailure(): AwsError {
  return new AwsError('ServiceFailure', 'An internal error occurred. Retry the request; if it persists, check the server log.', 500, false);
}
