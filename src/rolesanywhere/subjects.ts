/**
 * rolesanywhere GetSubject / ListSubjects: the certificate subjects that called CreateSession
 * (which creates and updates them), with the credentials and instance properties of their last
 * calls. Authorized as `rolesanywhere:GetSubject` on `arn:aws:rolesanywhere:REGION:ACCOUNT:subject/ID`
 * and ListSubjects on `*` (Service Authorization Reference).
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_GetSubject.html
 */
import { action } from '../core/action.js';
import { SUBJECT_KIND, type SubjectData, subjectArn, subjectSummaryView, subjectView } from './model.js';
import { listParams, uuid } from './shapes.js';
import { type ResourceType, getItem, listItems } from './resources.js';

const SUBJECT: ResourceType<SubjectData> = { kind: SUBJECT_KIND, member: 'subject', view: subjectView };

export const getSubject = action({
  service: 'rolesanywhere',
  name: 'GetSubject',
  params: { subjectId: { ...uuid, required: true } },
  resource: (input, caller, ctx) => subjectArn(ctx.region, caller.account, input.subjectId),
  handler: (ctx, input) => getItem(ctx, SUBJECT, input.subjectId),
});

export const listSubjects = action({
  service: 'rolesanywhere',
  name: 'ListSubjects',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) => listItems(ctx, SUBJECT_KIND, input, 'subjects', subjectSummaryView),
});

export const subjectActions = [getSubject, listSubjects];
