/**
 * rolesanywhere GetSubject / ListSubjects: the certificate subjects that called CreateSession
 * (which creates and updates them), with the credentials and instance properties of their last
 * calls. Authorized as `rolesanywhere:GetSubject` on `arn:aws:rolesanywhere:REGION:ACCOUNT:subject/ID`
 * and ListSubjects on `*` (Service Authorization Reference).
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_GetSubject.html
 */
import { action } from '../core/action.js';
import { NoSuchEntity } from '../core/errors.js';
import { SUBJECT_KIND, type SubjectData, subjectArn, subjectKey, subjectSummaryView, subjectView } from './model.js';
import { listParams, uuid } from './shapes.js';
import { pageAfter, pageSizeOf } from './trust-anchors.js';

export const getSubject = action({
  service: 'rolesanywhere',
  name: 'GetSubject',
  params: { subjectId: { ...uuid, required: true } },
  resource: (input, caller, ctx) => subjectArn(ctx.region, caller.account, input.subjectId),
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const item = await tx.get<SubjectData>(ctx.caller.account, SUBJECT_KIND, subjectKey(ctx.region, input.subjectId));
      if (item === undefined) throw NoSuchEntity('Resource not found');
      return { subject: subjectView(item.data) };
    }),
});

export const listSubjects = action({
  service: 'rolesanywhere',
  name: 'ListSubjects',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const prefix = `${ctx.region}/`;
      const size = pageSizeOf(input.pageSize);
      const after = pageAfter(input.nextToken, prefix);
      const items = await tx.list<SubjectData>(ctx.caller.account, SUBJECT_KIND, { prefix, ...(after === undefined ? {} : { after }), limit: size + 1 });
      const page = items.slice(0, size);
      return { subjects: page.map((i) => subjectSummaryView(i.data)), nextToken: items.length > size ? Buffer.from(page[page.length - 1]!.key, 'utf8').toString('base64url') : undefined };
    }),
});

export const subjectActions = [getSubject, listSubjects];
