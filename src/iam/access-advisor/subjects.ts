/**
 * What an access advisor job is about: the entity its ARN names (user, role, group, or a managed
 * policy, the account's or AWS's), the policies whose services it reports, and the principals whose
 * use counts — the user or role itself, a group's members, or every user and role a policy is
 * attached to (directly or through a group).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 */
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import type { PolicyInput } from '../../policy/index.js';
import type { ReadTx } from '../../store/types.js';
import { managedDocument, rolePolicies, userPolicies } from '../caller-policies.js';
import type { GroupMemberData } from '../groups/members.js';
import { type AttachmentData, type GroupData, type InlinePolicyData, KIND, type PolicyEntityData, type RoleData, type UserData, nameKey } from '../model.js';

const ALL = 10_000;

/** A principal whose calls are counted (EntityInfo). */
export interface Subject {
  readonly type: 'USER' | 'ROLE';
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly path: string;
}

export interface JobTarget {
  readonly documents: readonly string[];
  readonly subjects: readonly Subject[];
}

const ARN = /^arn:aws:iam::(\d{12}|aws):(user|role|group|policy)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

/** The JSON text of a policy as caller-policies.ts hands it out ({ id, document: text }). */
function textOf(p: PolicyInput): string[] {
  if (typeof p === 'string') return [p];
  const d = typeof p === 'object' && 'document' in p ? p.document : undefined;
  return typeof d === 'string' ? [d] : [];
}
const texts = (ps: readonly PolicyInput[]): string[] => ps.flatMap(textOf);

const userSubject = (u: UserData): Subject => ({ type: 'USER', id: u.id, arn: u.arn, name: u.name, path: u.path });
const roleSubject = (r: RoleData): Subject => ({ type: 'ROLE', id: r.id, arn: r.arn, name: r.name, path: r.path });

async function groupMembers(tx: ReadTx, account: string, groupKey: string): Promise<Subject[]> {
  const out: Subject[] = [];
  for (const m of await tx.list<GroupMemberData>(account, KIND.groupMember, { prefix: `${groupKey}/`, limit: ALL })) {
    const u = await tx.get<UserData>(account, KIND.user, nameKey(m.data.userName));
    if (u !== undefined) out.push(userSubject(u.data));
  }
  return out;
}

async function groupDocuments(tx: ReadTx, account: string, groupKey: string): Promise<string[]> {
  const prefix = `group/${groupKey}/`;
  const out = (await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: ALL })).map((p) => p.data.document);
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: ALL })) {
    const doc = await managedDocument(tx, account, a.data.policyArn);
    if (doc !== undefined) out.push(...textOf(doc));
  }
  return out;
}

/** Users and roles a managed policy is attached to, directly or through their groups; each once. */
async function policySubjects(tx: ReadTx, account: string, arn: string): Promise<Subject[]> {
  const seen = new Map<string, Subject>();
  for (const e of await tx.list<PolicyEntityData>(account, KIND.policyEntity, { prefix: `${arn}/`, limit: ALL })) {
    const key = nameKey(e.data.name);
    if (e.data.entityType === 'user') {
      const u = await tx.get<UserData>(account, KIND.user, key);
      if (u !== undefined) seen.set(u.data.id, userSubject(u.data));
    } else if (e.data.entityType === 'role') {
      const r = await tx.get<RoleData>(account, KIND.role, key);
      if (r !== undefined) seen.set(r.data.id, roleSubject(r.data));
    } else {
      for (const s of await groupMembers(tx, account, key)) seen.set(s.id, s);
    }
  }
  return [...seen.values()];
}

/** Resolves the job's ARN in `account`: InvalidInput for an ARN that names no such kind, NoSuchEntity for one not there. */
export async function resolveTarget(tx: ReadTx, account: string, arn: string): Promise<JobTarget> {
  const m = ARN.exec(arn);
  if (m === null) throw InvalidInput(`ARN ${arn} is not valid.`);
  const [, owner, type, , name] = m as unknown as [string, string, string, string, string];
  if (type === 'policy') {
    const doc = owner === account || owner === 'aws' ? await managedDocument(tx, account, arn) : undefined;
    if (doc === undefined) throw NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return { documents: textOf(doc), subjects: await policySubjects(tx, account, arn) };
  }
  // Another account's entity is, to this caller, not there. The ARN's path must be the entity's.
  const key = nameKey(name);
  const same = (stored: string): boolean => stored.toLowerCase() === arn.toLowerCase();
  if (type === 'user') {
    const user = owner === account ? await tx.get<UserData>(account, KIND.user, key) : undefined;
    if (user === undefined || !same(user.data.arn)) throw NoSuchEntity(`The user with name ${name} cannot be found.`);
    return { documents: texts((await userPolicies(tx, account, user.data)).identity), subjects: [userSubject(user.data)] };
  }
  if (type === 'role') {
    const role = owner === account ? await tx.get<RoleData>(account, KIND.role, key) : undefined;
    if (role === undefined || !same(role.data.arn)) throw NoSuchEntity(`The role with name ${name} cannot be found.`);
    return { documents: texts((await rolePolicies(tx, account, role.data)).identity), subjects: [roleSubject(role.data)] };
  }
  const group = owner === account ? await tx.get<GroupData>(account, KIND.group, key) : undefined;
  if (group === undefined || !same(group.data.arn)) throw NoSuchEntity(`The group with name ${name} cannot be found.`);
  return { documents: await groupDocuments(tx, account, key), subjects: await groupMembers(tx, account, key) };
}
