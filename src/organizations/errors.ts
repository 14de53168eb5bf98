/**
 * Organizations' errors with AWS's codes and messages (botocore data/organizations/2016-11-28;
 * every modeled error is a client error, HTTP 400, except ServiceException).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../core/errors.js';

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
export const InvalidInput = (reason: string, message: string): AwsError => new AwsError('InvalidInputException', message, 400, true, { Reason: reason });

// Organizational units, roots and policies: the messages of the Organizations API reference's
// Errors sections (API_CreateOrganizationalUnit.html, API_AttachPolicy.html, …).
export const RootNotFound = make('RootNotFoundException', "We can't find a root with the RootId that you specified.");
export const OuNotFound = make('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
export const ParentNotFound = make('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
export const ChildNotFound = make('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
export const SourceParentNotFound = make('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
export const DestinationParentNotFound = make('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified.");
export const DuplicateAccount = make('DuplicateAccountException', 'That account is already present in the specified destination.');
export const DuplicateOu = make('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
export const OuNotEmpty = make('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
export const PolicyNotFound = make('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
export const TargetNotFound = make('TargetNotFoundException', "We can't find a root, OU, account, or email that you specified.");
export const DuplicatePolicy = make('DuplicatePolicyException', 'A policy with the same name already exists.');
export const DuplicatePolicyAttachment = make('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
export const PolicyNotAttached = make('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
export const PolicyInUse = make('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
export const PolicyTypeAlreadyEnabled = make('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
export const PolicyTypeNotEnabled = make(
  'PolicyTypeNotEnabledException',
  "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
);
export const PolicyTypeNotAvailable = make('PolicyTypeNotAvailableForOrganizationException', "You can't use a policy type that isn't available for the organization's feature set.");
export const MalformedPolicyDocument = make('MalformedPolicyDocumentException');

/** ConstraintViolationException carries a Reason (ConstraintViolationExceptionReason in the model). */
export const ConstraintViolation = (reason: string, message: string): AwsError => new AwsError('ConstraintViolationException', message, 400, true, { Reason: reason });
