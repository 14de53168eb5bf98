/**
 * Organizations' errors with AWS's codes and messages (botocore data/organizations/2016-11-28;
 * statuses in the registry, core/errors.ts: every modeled error is a client error, HTTP 400).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 */
import { type AwsError, error, fixedError } from '../core/errors.js';

export const NotInUse = fixedError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
export const AlreadyInOrganization = fixedError('AlreadyInOrganizationException', 'The AWS account is already a member of an organization.');
export const AccountNotFound = fixedError('AccountNotFoundException', "You specified an account that doesn't exist.");
export const CreateAccountStatusNotFound = fixedError('CreateAccountStatusNotFoundException', "You specified a create account request that doesn't exist.");
/**
 * What Organizations answers a member account calling a management-account-only operation
 * (its IAM denials use IAM's "User: … is not authorized to perform: …" wording instead).
 */
export const NotManagementAccount = fixedError('AccessDeniedException', "You don't have permissions to access this resource.");

/** InvalidInputException carries a Reason (InvalidInputExceptionReason in the model). */
const invalidInput = error('InvalidInputException');
export const InvalidInput = (reason: string, message: string): AwsError => invalidInput(message, { Reason: reason });

// Organizational units, roots and policies: the messages of the Organizations API reference's
// Errors sections (API_CreateOrganizationalUnit.html, API_AttachPolicy.html, …).
export const RootNotFound = fixedError('RootNotFoundException', "We can't find a root with the RootId that you specified.");
export const OuNotFound = fixedError('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
export const ParentNotFound = fixedError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
export const ChildNotFound = fixedError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
export const SourceParentNotFound = fixedError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
export const DestinationParentNotFound = fixedError('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified.");
export const DuplicateAccount = fixedError('DuplicateAccountException', 'That account is already present in the specified destination.');
export const DuplicateOu = fixedError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
export const OuNotEmpty = fixedError('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
export const PolicyNotFound = fixedError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
export const TargetNotFound = fixedError('TargetNotFoundException', "We can't find a root, OU, account, or email that you specified.");
export const DuplicatePolicy = fixedError('DuplicatePolicyException', 'A policy with the same name already exists.');
export const DuplicatePolicyAttachment = fixedError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
export const PolicyNotAttached = fixedError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
export const PolicyInUse = fixedError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
export const PolicyTypeAlreadyEnabled = fixedError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
export const PolicyTypeNotEnabled = fixedError(
  'PolicyTypeNotEnabledException',
  "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
);
export const PolicyTypeNotAvailable = fixedError('PolicyTypeNotAvailableForOrganizationException', "You can't use a policy type that isn't available for the organization's feature set.");
export const MalformedPolicyDocument = error('MalformedPolicyDocumentException');

/** ConstraintViolationException carries a Reason (ConstraintViolationExceptionReason in the model). */
const constraintViolation = error('ConstraintViolationException');
export const ConstraintViolation = (reason: string, message: string): AwsError => constraintViolation(message, { Reason: reason });
