/**
 * The one validator of decoded input against an action's spec (core/input.ts), shared by every
 * wire protocol: each protocol reads its own raw values (form fields, JSON members) and hands them
 * here to be checked; the failures are collected as `{path, constraint}` and rendered in AWS's
 * wording once:
 * "2 validation errors detected: Value 'x' at 'roleName' failed to satisfy constraint: Member
 * must have length less than or equal to 64; Value null at 'policyArn' failed to satisfy
 * constraint: Member must not be null".
 */
import { type IntegerSpec, type ListSpec, type MapSpec, type Spec, type StringSpec, isUnquoted } from '../core/input.js';

/** Organizations' InvalidInputExceptionReason names the first failure's kind. */
export type Reason =
  | 'INPUT_REQUIRED'
  | 'MIN_LENGTH_EXCEEDED'
  | 'MAX_LENGTH_EXCEEDED'
  | 'INVALID_PATTERN'
  | 'INVALID_ENUM'
  | 'MIN_VALUE_EXCEEDED'
  | 'MAX_VALUE_EXCEEDED'
  | 'INVALID_TYPE';

export interface Failure {
  /** The member's path as AWS writes it: lowerCamelCase, `tags.1.member.key`. */
  readonly path: string;
  /** "Member must …". */
  readonly constraint: string;
  readonly reason: Reason;
  /** The value as quoted in the message: `'x' `, `null `, or nothing for a sensitive member. */
  readonly quoted: string;
}

/**
 * AWS quotes the offending value: strings and numbers as written, lists in brackets, missing as
 * null — except a sensitive member's, which it leaves out: "Value at 'password' failed to
 * satisfy constraint: …" (as AWS's Coral services answer, and smithy's server validation does
 * for @sensitive members: server-common generateValidationMessage). The quote stops at `limit`
 * characters (then "..."): a 1 MiB value echoed whole, and XML-escaped (1 MiB of quotes is 6 MiB
 * of &apos;), held the event loop ~150 ms, and filled the audit log a megabyte a request. Values
 * within a member's length (or 1,024 characters) are quoted whole, as AWS does.
 */
const QUOTE_LIMIT = 1024;

/** Length in code points, as AWS counts it (a surrogate pair is one character). */
function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** AWS's member names in messages are lowerCamelCase: RoleName → roleName, MFA → mFA. */
const memberNames = new Map<string, string>();
function memberName(name: string): string {
  // Names come from the actions' specs: a bounded set, each lower-cased once.
  let m = memberNames.get(name);
  if (m === undefined) {
    m = name.charAt(0).toLowerCase() + name.slice(1);
    memberNames.set(name, m);
  }
  return m;
}

/** `parent.member`, or the member alone at the top. */
export const pathOf = (parent: string, name: string): string => (parent === '' ? memberName(name) : `${parent}.${memberName(name)}`);

function quote(v: unknown, spec: Spec | undefined, limit: number): string {
  if (v === undefined || v === null) return 'null ';
  // A list quotes its items: hidden when they are sensitive (or AWS does not quote them).
  if (spec !== undefined && isUnquoted(spec)) return '';
  const text = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x));
  const quoted = Array.isArray(v) ? `[${v.map(text).join(', ')}]` : text(v);
  return `'${quoted.length > limit ? `${quoted.slice(0, limit)}...` : quoted}' `;
}

/** Collects one request's failures, in the order AWS reports them (members in spec order). */
export class Failures {
  readonly list: Failure[] = [];

  fail(reason: Reason, value: unknown, path: string, constraint: string, spec?: Spec, limit = QUOTE_LIMIT): void {
    this.list.push({ path, constraint, reason, quoted: quote(value, spec, limit) });
  }

  /** A required member absent (or, in JSON, null). */
  missing(path: string): void {
    this.fail('INPUT_REQUIRED', undefined, path, 'Member must not be null');
  }

  /** Length, pattern and enum of a string, in that order. */
  string(v: string, spec: StringSpec, path: string): void {
    const len = codePoints(v);
    const limit = Math.max(spec.max ?? 0, QUOTE_LIMIT);
    if (spec.min !== undefined && len < spec.min) this.fail('MIN_LENGTH_EXCEEDED', v, path, `Member must have length greater than or equal to ${spec.min}`, spec, limit);
    if (spec.max !== undefined && len > spec.max) this.fail('MAX_LENGTH_EXCEEDED', v, path, `Member must have length less than or equal to ${spec.max}`, spec, limit);
    // A value past its length and 1,024 characters is not also matched: some of AWS's patterns
    // backtrack quadratically (the email pattern: a 32 KB address took 0.8 s; a 1 MiB one, minutes).
    if (spec.pattern && (spec.max === undefined || len <= limit) && !spec.pattern.re.test(v)) {
      this.fail('INVALID_PATTERN', v, path, `Member must satisfy regular expression pattern: ${spec.pattern.text}`, spec, limit);
    }
    if (spec.enum && !spec.enum.includes(v)) this.fail('INVALID_ENUM', v, path, `Member must satisfy enum value set: [${spec.enum.join(', ')}]`, spec, limit);
  }

  /** The range of an integer; `written` is the value as the request wrote it (quoted so). */
  integer(n: number, written: unknown, spec: IntegerSpec, path: string): void {
    if (spec.min !== undefined && n < spec.min) this.fail('MIN_VALUE_EXCEEDED', written, path, `Member must have value greater than or equal to ${spec.min}`, spec);
    if (spec.max !== undefined && n > spec.max) this.fail('MAX_VALUE_EXCEEDED', written, path, `Member must have value less than or equal to ${spec.max}`, spec);
  }

  /** The number of a list's items. */
  count(items: readonly unknown[], spec: ListSpec | MapSpec, path: string): void {
    if (spec.min !== undefined && items.length < spec.min) this.fail('MIN_LENGTH_EXCEEDED', items, path, `Member must have length greater than or equal to ${spec.min}`, spec);
    if (spec.max !== undefined && items.length > spec.max) this.fail('MAX_LENGTH_EXCEEDED', items, path, `Member must have length less than or equal to ${spec.max}`, spec);
  }

  /**
   * A list whose spec says `memberFailures: 'list'`: its items were checked into `items` (a
   * Failures of their own); when any failed, one failure at the list naming every constraint of
   * the member shape, in AWS's order (recorded: LocalStack test_iam_roles.py::test_role_tag_errors
   * "untag-role-key-too-long", test_iam_policies.py::test_policy_tag_update_errors).
   */
  listMembers(items: Failures, values: readonly unknown[], spec: ListSpec, path: string): void {
    const first = items.list[0];
    if (first === undefined) return;
    const member = spec.member;
    const all: string[] = [];
    if (member.type === 'string') {
      if (member.max !== undefined) all.push(`Member must have length less than or equal to ${member.max}`);
      if (member.min !== undefined) all.push(`Member must have length greater than or equal to ${member.min}`);
      if (member.pattern) all.push(`Member must satisfy regular expression pattern: ${member.pattern.text}`);
      if (member.enum) all.push(`Member must satisfy enum value set: [${member.enum.join(', ')}]`);
    }
    all.push('Member must not be null');
    this.fail(first.reason, values, path, `Member must satisfy constraint: [${all.join(', ')}]`, spec);
  }

  /** AWS's message for every failure, or undefined when there is none. */
  message(): string | undefined {
    const n = this.list.length;
    if (n === 0) return undefined;
    return `${n} validation error${n === 1 ? '' : 's'} detected: ${this.list.map((f) => `Value ${f.quoted}at '${f.path}' failed to satisfy constraint: ${f.constraint}`).join('; ')}`;
  }
}
