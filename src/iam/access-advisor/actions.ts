/**
 * iam:GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
 * GetServiceLastAccessedDetailsWithEntities —
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetailsWithEntities.html
 * Generate is authorized against the entity its Arn names (user, role, group or policy: Service
 * Authorization Reference); the two Gets act on no resource ("*" only) and see only the caller
 * account's jobs. A JobId not found is NoSuchEntity. Jobs are kept under `<creation time>/<JobId>`
 * with the JobId as their (globally unique) id.
 */
import { type ActionContext, action } from '../../core/action.js';
import { NoSuchEntity } from '../../core/errors.js';
import type { Pattern } from '../../core/input.js';
import type { Item } from '../../store/types.js';
import { KIND } from '../model.js';
import { pageOf } from '../policies/paging.js';
import { arn, marker, maxItems } from '../shapes.js';
import { type JobData, buildJob } from './job.js';
import { resolveTarget } from './subjects.js';

/**
 * The jobs an account keeps: a bound of Rolegate's (AWS documents none), so that repeated
 * Generate calls cannot grow the store without end; the oldest job goes first.
 */
const MAX_JOBS = 100;

const jobId = { type: 'string', min: 36, max: 36, required: true } as const;
const NAMESPACE: Pattern = { re: /^[\w-]*$/, text: '[\\w-]*' };
const serviceNamespace = { type: 'string', min: 1, max: 64, pattern: NAMESPACE, required: true } as const;

/** A version-4 UUID from the server's random source. */
function uuid(b: Uint8Array): string {
  const bytes = Buffer.from(b);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const generateServiceLastAccessedDetails = action({
  service: 'iam',
  name: 'GenerateServiceLastAccessedDetails',
  params: { Arn: { ...arn, required: true }, Granularity: { type: 'string', enum: ['SERVICE_LEVEL', 'ACTION_LEVEL'] } },
  resource: (input) => input.Arn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const id = uuid(ctx.services.random(16));
    await ctx.store.write(async (tx) => {
      const target = await resolveTarget(tx, account, input.Arn);
      const data = await buildJob(tx, account, input.Arn, target, input.Granularity ?? 'SERVICE_LEVEL', ctx.now.toISOString());
      // Keyed by creation time, so the oldest are the first listed: beyond MAX_JOBS they go.
      const excess = (await tx.count(account, KIND.accessAdvisorJob)) + 1 - MAX_JOBS;
      if (excess > 0) for (const old of await tx.list(account, KIND.accessAdvisorJob, { limit: excess })) await tx.delete(account, KIND.accessAdvisorJob, old.key);
      await tx.put<JobData>({ account, kind: KIND.accessAdvisorJob, key: `${data.createdAt}/${id}`, id, data }, 0);
    });
    return { JobId: id };
  },
});

async function getJob(ctx: ActionContext, id: string): Promise<Item<JobData>> {
  const job = await ctx.store.read((tx) => tx.getById<JobData>(KIND.accessAdvisorJob, id));
  // Another account's job is, to this caller, not there.
  if (job === undefined || job.account !== ctx.caller.account) throw NoSuchEntity(`No such job ${id}.`);
  return job;
}

export const getServiceLastAccessedDetails = action({
  service: 'iam',
  name: 'GetServiceLastAccessedDetails',
  params: { JobId: jobId, MaxItems: maxItems, Marker: marker },
  resource: () => '*',
  handler: async (ctx, input) => {
    const job = (await getJob(ctx, input.JobId)).data;
    const page = pageOf(job.services, (s) => s.ServiceNamespace, input);
    return {
      JobStatus: 'COMPLETED',
      JobType: job.jobType,
      JobCreationDate: new Date(job.createdAt),
      ServicesLastAccessed: page.items.map((s) => ({
        ServiceName: s.ServiceName,
        LastAuthenticated: s.LastAuthenticated === undefined ? undefined : new Date(s.LastAuthenticated),
        ServiceNamespace: s.ServiceNamespace,
        LastAuthenticatedEntity: s.LastAuthenticatedEntity,
        LastAuthenticatedRegion: s.LastAuthenticatedRegion,
        TotalAuthenticatedEntities: s.TotalAuthenticatedEntities,
        TrackedActionsLastAccessed: s.TrackedActionsLastAccessed?.map((a) => ({
          ActionName: a.ActionName,
          LastAccessedEntity: a.LastAccessedEntity,
          LastAccessedTime: new Date(a.LastAccessedTime),
          LastAccessedRegion: a.LastAccessedRegion,
        })),
      })),
      JobCompletionDate: new Date(job.completedAt),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
});

export const getServiceLastAccessedDetailsWithEntities = action({
  service: 'iam',
  name: 'GetServiceLastAccessedDetailsWithEntities',
  params: { JobId: jobId, ServiceNamespace: serviceNamespace, MaxItems: maxItems, Marker: marker },
  resource: () => '*',
  handler: async (ctx, input) => {
    const job = (await getJob(ctx, input.JobId)).data;
    const rows = Object.hasOwn(job.entities, input.ServiceNamespace) ? (job.entities[input.ServiceNamespace] ?? []) : [];
    const page = pageOf(rows, (r) => r.subject.arn, input);
    return {
      JobStatus: 'COMPLETED',
      JobCreationDate: new Date(job.createdAt),
      JobCompletionDate: new Date(job.completedAt),
      EntityDetailsList: page.items.map((r) => ({
        EntityInfo: { Arn: r.subject.arn, Name: r.subject.name, Type: r.subject.type, Id: r.subject.id, Path: r.subject.path },
        LastAuthenticated: new Date(r.lastAuthenticated),
      })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
});
