/**
 * Running a simulation: every action in ActionNames against every resource in ResourceArns
 * ("*" when absent), one EvaluationResult per action, paged by MaxItems / Marker.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import type { XmlValue } from '../../protocol/xml.js';
import { GLOBAL } from '../../server/bootstrap.js';
import type { ReadTx } from '../../store/types.js';
import { ORG_KIND } from '../../organizations/model.js';
import { pageOf, pageTail } from '../policies/paging.js';
import { evaluateOne } from './evaluate-one.js';
import { evaluationResult } from './results.js';
import type { SimulateInput, Simulation } from './types.js';

export async function inOrganization(tx: ReadTx, account: string): Promise<boolean> {
  return (await tx.get(GLOBAL, ORG_KIND.membership, account)) !== undefined;
}

/** "All resources" — ResourceArns absent or just "*" — gets no per-resource results. */
function resourcesOf(input: SimulateInput): { list: readonly string[]; specific: boolean } {
  const list = input.ResourceArns === undefined || input.ResourceArns.length === 0 ? ['*'] : input.ResourceArns;
  return { list, specific: !(list.length === 1 && list[0] === '*') };
}

export function runSimulation(sim: Simulation, input: SimulateInput): { EvaluationResults: XmlValue[]; IsTruncated: boolean; Marker: string | undefined } {
  const { list, specific } = resourcesOf(input);
  // Page over action positions (zero-padded so the marker compares in order), then evaluate
  // only the page's actions.
  const positions = input.ActionNames.map((_, i) => String(i).padStart(6, '0'));
  const page = pageOf(positions, (p) => p, input);
  const results = page.items.map((p) => {
    const action = input.ActionNames[Number(p)]!;
    const outcomes = list.map((r) => evaluateOne(sim, action, r));
    return evaluationResult(action, outcomes, specific, sim.inOrganization);
  });
  return { EvaluationResults: results, ...pageTail(page) };
}
