/** What the simulator actions share: their input and the policies a simulation runs on. */
import type { ControlLevels } from '../../core/action.js';
import type { CompiledPolicy, ContextValue } from '../../policy/index.js';

/** AWS's SourcePolicyType values as the service returns them (not the model's enum). */
export type SourceType = 'IAM Policy' | 'Resource Policy' | 'PermissionsBoundaryPolicy';

/** A policy document in the simulation, with how AWS names it in MatchedStatements. */
export interface SourcePolicy {
  /** SourcePolicyId: "PolicyInputList.1", "user_alice_Inline", "ReadOnlyAccess", "ResourcePolicy" … */
  readonly id: string;
  readonly type: SourceType;
  /** The document as written: positions are computed from it. */
  readonly text: string;
  /**
   * A request's own document (PolicyInputList, ResourcePolicy …), compiled for this call only: the
   * shared cache (resolvePolicy) holds documents the store serves again, while a request's text
   * is new each time and would stay there — ~10 MB of compiled patterns per 131,072 characters,
   * up to 2,048 documents a kind. Absent: a stored document, compiled through that cache.
   */
  readonly compiled?: CompiledPolicy;
}

export interface ContextEntry {
  readonly ContextKeyName?: string;
  readonly ContextKeyValues?: readonly string[];
  readonly ContextKeyType?: string;
}

/** The parameters SimulatePrincipalPolicy and SimulateCustomPolicy share. */
export interface SimulateInput {
  readonly PolicyInputList?: readonly string[];
  readonly PermissionsBoundaryPolicyInputList?: readonly string[];
  readonly ActionNames: readonly string[];
  readonly ResourceArns?: readonly string[];
  readonly ResourcePolicy?: string;
  readonly ResourceOwner?: string;
  readonly CallerArn?: string;
  readonly ContextEntries?: readonly ContextEntry[];
  readonly ResourceHandlingOption?: string;
  readonly MaxItems?: number;
  readonly Marker?: string;
}

/** A simulation ready to run: every document validated, the caller and context decided. */
export interface Simulation {
  readonly account: string;
  readonly principal: { readonly arn: string; readonly id?: string; readonly tags?: Readonly<Record<string, string>> };
  readonly identity: readonly SourcePolicy[];
  /** Absent: no permissions boundary in effect. */
  readonly boundary?: readonly SourcePolicy[];
  readonly resourcePolicy?: SourcePolicy;
  /** Owner of resources whose ARN names no account (ResourceOwner), else the caller's account. */
  readonly resourceOwner: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Whether the caller's account belongs to an organization (OrganizationsDecisionDetail). */
  readonly inOrganization: boolean;
  /** The SCPs of the calling account, root first, as enforcement applies them (organizations.ts). */
  readonly scp?: ControlLevels;
}
