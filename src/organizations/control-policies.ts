/**
 * The SCPs and RCPs that govern an account, for enforcement: one list per level of the account's
 * path (root → OUs → the account), root first, compiled once and cached per account until the
 * store reports a change to the organization. Empty (undefined) for an account in no
 * organization, for the management account ("SCPs don't affect users or roles in the management
 * account"; likewise RCPs its resources), and when the type is not enabled.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import { type CompiledPolicy, type PolicyInput, compilePolicy } from '../policy/index.js';
import type { ControlLevels } from '../core/action.js';
import { slot } from '../core/services.js';
import { SettledCache } from '../core/settled-cache.js';
import { EVERYTHING, type ReadTx, type Store } from '../store/types.js';
import { attachmentsOf, findPolicy } from './attachments.js';
import { findOrganization } from './lookup.js';
import { ORG_KIND } from './model.js';
import { POLICY_KIND, type PolicyTypeName } from './policy-model.js';
import { ancestorsOf } from './tree.js';
import { TREE_KIND } from './tree-model.js';

export type { ControlLevels };

/** Only changes to these kinds can change an account's levels. */
const ORG_KINDS: ReadonlySet<string> = new Set([...Object.values(ORG_KIND), ...Object.values(TREE_KIND), ...Object.values(POLICY_KIND)]);
const MAX = 10_000;

export class ControlPolicyCache {
  readonly #store: Store;
  /** Settled results are answered without awaiting (the common case). */
  readonly #levels = new SettledCache<ControlLevels | undefined>(MAX);
  /** Compiled documents by policy id and content (content changes with UpdatePolicy). */
  readonly #compiled = new Map<string, CompiledPolicy>();

  constructor(store: Store) {
    this.#store = store;
    store.onChange((change) => {
      if (ORG_KINDS.has(change.kind) || change.kind === EVERYTHING.kind) this.#levels.clear();
    });
  }

  /** The levels, without awaiting once they are known (the common case). */
  levels(account: string, type: PolicyTypeName): ControlLevels | undefined | Promise<ControlLevels | undefined> {
    return this.#levels.now(`${type}/${account}`, () => this.#store.read((tx) => this.#load(tx, account, type)));
  }

  async #load(tx: ReadTx, account: string, type: PolicyTypeName): Promise<ControlLevels | undefined> {
    const org = await findOrganization(tx, account);
    if (org === undefined || org.managementAccountId === account || !(org.policyTypes ?? []).includes(type)) return undefined;
    const path = [...(await ancestorsOf(tx, org, account)), account];
    const levels: PolicyInput[][] = [];
    for (const target of path) {
      const level: PolicyInput[] = [];
      for (const a of await attachmentsOf(tx, org.managementAccountId, target, type)) {
        const p = await findPolicy(tx, org.managementAccountId, a.policyId);
        if (p !== undefined) level.push({ id: p.id, document: this.#compile(p.id, p.content, type) });
      }
      levels.push(level);
    }
    return levels;
  }

  #compile(id: string, content: string, type: PolicyTypeName): CompiledPolicy {
    const k = `${id}\u0000${content}`;
    let c = this.#compiled.get(k);
    if (c === undefined) {
      if (this.#compiled.size >= MAX) this.#compiled.clear();
      c = compilePolicy(content, type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp');
      this.#compiled.set(k, c);
    }
    return c;
  }
}

/** The one cache of a server (created on first use, subscribed to its store's change feed). */
export const CONTROL_POLICIES = slot('organizations/control-policies', (services) => new ControlPolicyCache(services.store));
