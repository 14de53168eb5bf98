/**
 * What one simulated evaluation (an action on a resource) costs, estimated before it runs, so a
 * page holds as many evaluations as a fixed amount of work allows rather than a fixed count.
 * A count alone does not bound a call: every input is the caller's, and one evaluation of a
 * policy of 5,000 wildcard resources took ~6.5 ms (1,000 of them 6.5 s), one of a condition of
 * 1,000 patterns against a context key of 1,000 values ~170 ms (issue 11, item 9).
 *
 * The estimate follows what the engine does for a request (src/policy/evaluate.ts): for each
 * statement whose Action covers the action, match the resource against each of its Resource
 * patterns (work grows with the resource's length), then run its conditions against the
 * request's context values (pattern text × context values). A unit is ~15 ns of engine work on
 * the bench machine (a page, PAGE_UNITS, ~18 ms; the largest evaluation allowed ~45 ms), measured
 * against a started server: the estimate was within 0.6–1.7× of the measured time for large
 * Resource lists, long resources, many condition values, many or long context values.
 */
import { type CompiledPolicy, type CompiledStatement, type PolicyInput, resolvePolicy } from '../../policy/index.js';
import { InvalidInput } from '../../core/errors.js';
import type { Simulation } from './types.js';

/** The least an evaluation counts for, whatever it does (~15 µs with the response it adds). */
export const CELL_FLOOR = 1_000;
/** Work one call may do (~18 ms): 1,000 small evaluations and their results, or a few costly ones. */
export const PAGE_UNITS = 1_200 * CELL_FLOOR;
/** A single evaluation estimated above this (~45 ms) is refused: no page could hold it. */
export const MAX_CELL_UNITS = 3_000 * CELL_FLOOR;
const PER_STATEMENT = 50;
const PER_PATTERN = 20;
/**
 * A statement that may be listed in a result's MatchedStatements, with its positions (~10 µs to
 * write: 5 results of 2,400 matched statements, a 2.9 MB response, took 60–390 ms).
 */
const PER_LISTED_STATEMENT = 600;

interface Weighted {
  readonly policy: CompiledPolicy;
  /** How many evaluations of a cell run this policy (the boundary and SCPs run twice: alone too). */
  readonly times: number;
  /** Whether its statements are reported in MatchedStatements (SCPs' are not). */
  readonly listed: boolean;
}

/** Per action: the fixed part of a cell's cost, the part per character of the resource, and a result's. */
interface ActionCost {
  readonly fixed: number;
  readonly perResourceChar: number;
  readonly result: number;
}

export interface CostModel {
  /** The estimated units of evaluating `action` on `resource`; throws when no page could hold it. */
  cell(action: string, resource: string): number;
  /** The estimated units of writing one EvaluationResult of `action` (its MatchedStatements at most). */
  result(action: string): number;
}

const conditionChars = new WeakMap<CompiledStatement, number>();

function conditionText(policy: CompiledPolicy, s: CompiledStatement): number {
  let n = conditionChars.get(s);
  if (n === undefined) {
    const c = policy.document.Statement[s.index]?.Condition;
    n = c === undefined ? 0 : JSON.stringify(c).length;
    conditionChars.set(s, n);
  }
  return n;
}

const compiled = (p: PolicyInput, kind: 'identity' | 'resource' | 'scp'): CompiledPolicy => resolvePolicy(p, kind).policy;

export function costModel(sim: Simulation): CostModel {
  const weighted: Weighted[] = [
    ...sim.identity.map((p) => ({ policy: compiled(p.compiled ?? p.text, 'identity'), times: 1, listed: true })),
    ...(sim.boundary ?? []).map((p) => ({ policy: compiled(p.compiled ?? p.text, 'identity'), times: 2, listed: true })),
    ...(sim.resourcePolicy === undefined ? [] : [{ policy: compiled(sim.resourcePolicy.compiled ?? sim.resourcePolicy.text, 'resource'), times: 2, listed: true }]),
    ...(sim.scp ?? []).flat().map((p) => ({ policy: compiled(p, 'scp'), times: 2, listed: false })),
  ];
  // Conditions compare each of their values with each of the context's (~80 ns a comparison plus
  // ~4.5 ns a character on the bench machine): many values or long ones multiply.
  let values = 0;
  let chars = 0;
  for (const v of Object.values(sim.context)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      values++;
      chars += String(x).length;
    }
  }
  const contextWeight = 1 + values / 2 + chars / 32;
  const byAction = new Map<string, ActionCost>();
  const actionCost = (action: string): ActionCost => {
    let c = byAction.get(action);
    if (c === undefined) {
      let fixed = 0;
      let perResourceChar = 0;
      let result = 0;
      for (const { policy, times, listed } of weighted) {
        const statements = policy.statementsFor(action.toLowerCase());
        if (listed) result += statements.length * PER_LISTED_STATEMENT;
        for (const s of statements) {
          const patterns = (s.resource?.patterns.length ?? 0) + (s.resource?.templates.length ?? 0);
          fixed += times * (PER_STATEMENT + patterns * PER_PATTERN + conditionText(policy, s) * contextWeight);
          perResourceChar += times * patterns;
        }
      }
      c = { fixed, perResourceChar, result };
      byAction.set(action, c);
    }
    return c;
  };
  return {
    cell(action, resource) {
      const c = actionCost(action);
      const units = Math.max(CELL_FLOOR, c.fixed + c.perResourceChar * resource.length);
      if (units > MAX_CELL_UNITS) {
        throw InvalidInput(`The simulation of ${action} is too large to evaluate: reduce the policies' statements, Resource patterns or condition values, or the ContextEntries values.`);
      }
      return units;
    },
    result: (action) => actionCost(action).result,
  };
}
