/**
 * Organizations' errors with AWS's codes and messages (botocore data/organizations/2016-11-28;
 * every modeled error is a client error, HTTP 400, except ServiceException).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../protocol/errors.js';
import { JsonAwsError } from '../protocol/json.js';

const make =
  (code: string, fixed?: string) =>
  (message = fixed ?? ''): AwsError =>
    new AwsError(code, message, 400);

export const NotInUse = make('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
export const AlreadyInOrganization = make('AlreadyInOrganizationException', 'The AWS account is already a member of an organization.');
export const AccountNotFound = make('AccountNotFoundException', "You specified an account that doesn't exist.");
export const CreateAccountStatusNotFound = make('CreateAccountStatusNotFoundException', "You specified a create account request that doesn't exist.");
/**
 * What Organizations answers a member account calling a management-account-only operation
 * (its IAM denials use IAM's "User: … is not authorized to perform: …" wording instead).
 */
export const NotManagementAccount = make('AccessDeniedException', "You don't have permissions to access this resource.");

/** InvalidInputException carries a Reason (InvalidInputExceptionReason in the model). */
export const InvalidInput = (reason: string, message: string): AwsError => new JsonAwsError('InvalidInputException', message, { Reason: reason });
