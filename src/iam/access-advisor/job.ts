/**
 * An access advisor job's report, computed when the job is created (AWS's jobs run a while; ours
 * complete at once, so GetServiceLastAccessedDetails answers COMPLETED at the first ask) and
 * stored under its JobId in the caller's account: every service the target's policies allow, with
 * when, where and by whom it was last used by the job's principals (last-accessed.ts records).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
 */
import { serviceNames } from '../../access/service-reference.js';
import type { ReadTx } from '../../store/types.js';
import { ACTION_TRACKED, type LastAccessedData, accessPrefixes } from '../last-accessed.js';
import { KIND } from '../model.js';
import { grantedServices } from './granted.js';
import type { JobTarget, Subject } from './subjects.js';

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

export interface TrackedAction {
  readonly ActionName: string;
  readonly LastAccessedEntity: string;
  readonly LastAccessedTime: string;
  readonly LastAccessedRegion: string;
}

export interface ServiceRow {
  readonly ServiceName: string;
  readonly ServiceNamespace: string;
  readonly LastAuthenticated?: string;
  readonly LastAuthenticatedEntity?: string;
  readonly LastAuthenticatedRegion?: string;
  readonly TotalAuthenticatedEntities: number;
  readonly TrackedActionsLastAccessed?: readonly TrackedAction[];
}

export interface EntityRow {
  readonly subject: Subject;
  readonly lastAuthenticated: string;
}

export interface JobData {
  readonly jobType: Granularity;
  readonly arn: string;
  readonly createdAt: string;
  readonly completedAt: string;
  /** In namespace order. */
  readonly services: readonly ServiceRow[];
  /** Namespace → the principals that used it, by ARN. */
  readonly entities: Readonly<Record<string, readonly EntityRow[]>>;
}

const ALL = 10_000;

/** A subject's records, `svc/…` by namespace and `act/…` by "namespace/Action". */
async function recordsOf(tx: ReadTx, account: string, s: Subject): Promise<{ services: Map<string, LastAccessedData>; actions: Map<string, LastAccessedData> }> {
  const services = new Map<string, LastAccessedData>();
  const actions = new Map<string, LastAccessedData>();
  const prefix = accessPrefixes(s.id);
  for (const r of await tx.list<LastAccessedData>(account, KIND.usage, { prefix: prefix.services, limit: ALL })) services.set(r.key.slice(prefix.services.length), r.data);
  for (const r of await tx.list<LastAccessedData>(account, KIND.usage, { prefix: prefix.actions, limit: ALL })) actions.set(r.key.slice(prefix.actions.length), r.data);
  return { services, actions };
}

const later = (a: LastAccessedData | undefined, b: LastAccessedData): boolean => a === undefined || b.date > a.date;

export async function buildJob(tx: ReadTx, account: string, arn: string, target: JobTarget, jobType: Granularity, now: string): Promise<JobData> {
  const names = serviceNames();
  const records = await Promise.all(target.subjects.map(async (s) => ({ s, ...(await recordsOf(tx, account, s)) })));
  const services: ServiceRow[] = [];
  const entities: Record<string, EntityRow[]> = {};
  for (const ns of grantedServices(target.documents)) {
    let last: LastAccessedData | undefined;
    const users: EntityRow[] = [];
    for (const r of records) {
      const used = r.services.get(ns);
      if (used === undefined) continue;
      users.push({ subject: r.s, lastAuthenticated: used.date });
      if (later(last, used)) last = used;
    }
    let tracked: TrackedAction[] | undefined;
    if (jobType === 'ACTION_LEVEL' && ACTION_TRACKED.has(ns)) {
      const byAction = new Map<string, LastAccessedData>();
      for (const r of records) {
        for (const [k, v] of r.actions) {
          if (!k.startsWith(`${ns}/`)) continue;
          const name = k.slice(ns.length + 1);
          if (later(byAction.get(name), v)) byAction.set(name, v);
        }
      }
      if (byAction.size > 0) {
        tracked = [...byAction].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ActionName, v]) => ({ ActionName, LastAccessedEntity: v.arn, LastAccessedTime: v.date, LastAccessedRegion: v.region }));
      }
    }
    services.push({
      ServiceName: names.get(ns) ?? ns,
      ServiceNamespace: ns,
      ...(last === undefined ? {} : { LastAuthenticated: last.date, LastAuthenticatedEntity: last.arn, LastAuthenticatedRegion: last.region }),
      TotalAuthenticatedEntities: users.length,
      ...(tracked === undefined ? {} : { TrackedActionsLastAccessed: tracked }),
    });
    if (users.length > 0) entities[ns] = users.sort((a, b) => (a.subject.arn < b.subject.arn ? -1 : 1));
  }
  return { jobType, arn, createdAt: now, completedAt: now, services, entities };
}
