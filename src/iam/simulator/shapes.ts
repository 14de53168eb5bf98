/**
 * Parameter shapes of the simulator actions (botocore iam service-2.json:
 * SimulatePrincipalPolicyRequest, SimulateCustomPolicyRequest, ContextEntry,
 * GetContextKeysFor*PolicyRequest).
 */
import type { Spec } from '../../core/input.js';
import { arn, paging, policyDocument } from '../shapes.js';

const resourceName = { type: 'string', min: 1, max: 2048 } as const satisfies Spec;

export const CONTEXT_KEY_TYPES = [
  'string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList',
  'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList',
] as const;

export const policyList = { type: 'list', member: policyDocument } as const satisfies Spec;

const contextEntry = {
  type: 'structure',
  members: {
    ContextKeyName: { type: 'string', min: 5, max: 256 },
    ContextKeyValues: { type: 'list', member: { type: 'string' } },
    ContextKeyType: { type: 'string', enum: CONTEXT_KEY_TYPES },
  },
} as const satisfies Spec;

/** Everything both simulate actions take; PolicySourceArn / PolicyInputList are added by each. */
export const simulateParams = {
  PermissionsBoundaryPolicyInputList: policyList,
  ActionNames: { type: 'list', member: { type: 'string', min: 3, max: 128 }, required: true },
  ResourceArns: { type: 'list', member: resourceName },
  ResourcePolicy: policyDocument,
  ResourceOwner: resourceName,
  CallerArn: resourceName,
  ContextEntries: { type: 'list', member: contextEntry },
  ResourceHandlingOption: { type: 'string', min: 1, max: 64 },
  ...paging,
} as const;

export const policySourceArn = { ...arn, required: true } as const;
