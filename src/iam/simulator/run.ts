/**
 * Running a simulation: every action in ActionNames against every resource in ResourceArns
 * ("*" when absent), one EvaluationResult per action, paged by MaxItems / Marker.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 *
 * The work is the action × resource product, which the lists' sizes alone don't bound (1,000 ×
 * 1,000 took 14 s and over a gigabyte when computed in one call). A call computes only its own
 * page, at most CELLS_PER_PAGE evaluations and at most PAGE_UNITS of estimated work (cost.ts: a
 * few evaluations when the policies or the context entries are large); the Marker is the position
 * in the product where the next page starts. AWS allows this: "IAM might return fewer results, even when there are more
 * results available. In that case, the IsTruncated response element returns true" (MaxItems).
 * An action's resources stay in one EvaluationResult whenever they fit in a page; only an action
 * with more resources than a page holds is split over several results, each aggregating its own
 * resources (as AWS's results did before it returned one result per action).
 */
import { InvalidInput } from '../../core/errors.js';
import type { Output } from '../../core/action.js';
import { GLOBAL } from '../../core/accounts.js';
import type { ReadTx } from '../../store/types.js';
import { ORG_KIND } from '../../organizations/model.js';
import { PAGE_UNITS, costModel } from './cost.js';
import { evaluateOne } from './evaluate-one.js';
import { evaluationResult } from './results.js';
import type { SimulateInput, Simulation } from './types.js';

/** Evaluations one call computes at most (~5–20 ms and ~0.5 MB of response on the bench machine). */
export const CELLS_PER_PAGE = 1000;
/**
 * The first evaluation of each action looks through every statement of the simulated policies
 * (then it is cached per policy), so a page also holds fewer actions when the policies are large:
 * 1,000 new actions over 750 KB of policies took ~140 ms, over 64 KB a few ms.
 */
const POLICY_BYTES_PER_PAGE = 64 * 1024 * 1000;
const DEFAULT_MAX_ITEMS = 100;

function policyBytes(sim: Simulation): number {
  let n = sim.resourcePolicy?.text.length ?? 0;
  for (const p of sim.identity) n += p.text.length;
  for (const p of sim.boundary ?? []) n += p.text.length;
  return n;
}

export async function inOrganization(tx: ReadTx, account: string): Promise<boolean> {
  return (await tx.get(GLOBAL, ORG_KIND.membership, account)) !== undefined;
}

/** "All resources" — ResourceArns absent or just "*" — gets no per-resource results. */
function resourcesOf(input: SimulateInput): { list: readonly string[]; specific: boolean } {
  const list = input.ResourceArns === undefined || input.ResourceArns.length === 0 ? ['*'] : input.ResourceArns;
  return { list, specific: !(list.length === 1 && list[0] === '*') };
}

/** Where the page starts in the product; a marker this simulation could not have handed out is refused. */
function startOf(marker: string | undefined, total: number): number {
  if (marker === undefined) return 0;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const start = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  if (!(start < total)) throw InvalidInput('Invalid Marker.');
  return start;
}

export function runSimulation(sim: Simulation, input: SimulateInput): { EvaluationResults: Output[]; IsTruncated: boolean; Marker: string | undefined } {
  const { list, specific } = resourcesOf(input);
  const total = input.ActionNames.length * list.length;
  const maxItems = Math.min(input.MaxItems ?? DEFAULT_MAX_ITEMS, Math.max(1, Math.floor(POLICY_BYTES_PER_PAGE / Math.max(1, policyBytes(sim)))));
  const cost = costModel(sim);
  let cell = startOf(input.Marker, total);
  let budget = CELLS_PER_PAGE;
  let units = PAGE_UNITS;
  const results: Output[] = [];
  while (cell < total && results.length < maxItems && budget > 0) {
    const action = input.ActionNames[Math.floor(cell / list.length)]!;
    const first = cell % list.length;
    // As many of the action's resources as the page's work allows — the first cell of a page always.
    let n = 0;
    let spent = cost.result(action);
    while (first + n < list.length && n < budget) {
      const c = cost.cell(action, list[first + n]!);
      if (spent + c > units && (n > 0 || results.length > 0)) break;
      spent += c;
      n++;
    }
    // The rest of an action waits for the next page rather than being split, unless no page could hold it.
    if (n === 0 || (first + n < list.length && results.length > 0)) break;
    const outcomes = list.slice(first, first + n).map((r) => evaluateOne(sim, action, r));
    results.push(evaluationResult(action, outcomes, specific, sim.inOrganization));
    cell += n;
    budget -= n;
    units -= spent;
  }
  const truncated = cell < total;
  return { EvaluationResults: results, IsTruncated: truncated, Marker: truncated ? Buffer.from(String(cell), 'utf8').toString('base64url') : undefined };
}
