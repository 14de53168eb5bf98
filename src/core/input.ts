/**
 * An action's parameter shapes (mirroring the botocore service model: lengths, patterns, enums,
 * required, sensitive) and the input type they describe. The wire adapters decode a request into
 * exactly this shape, so a handler's `input` is inferred from its spec and cannot disagree with it.
 */
export interface Pattern {
  readonly re: RegExp;
  /** The pattern as the service model writes it, for the message. */
  readonly text: string;
}

interface Common {
  /** Only `true`: a spec written outside `as const` (whose `required` widens to boolean) then fails to compile rather than type its member optional. */
  readonly required?: true;
  /**
   * The service model marks the shape `"sensitive": true` (passwords, private keys, assertions,
   * tokens): no message, log line or audit field ever quotes its value.
   */
  readonly sensitive?: boolean;
  /**
   * `false`: AWS leaves this member's value out of its validation message although it is not
   * secret ("Value at 'tags' failed to satisfy constraint: …"). Set only where a recording of AWS
   * shows it (IAM's tags, tag keys and policy version ids: LocalStack's test_iam_roles/
   * test_iam_policies snapshots); unlike `sensitive`, logs and audit lines still carry the value.
   */
  readonly quoted?: false;
}

export type StringSpec = Common & { readonly type: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: Pattern; readonly enum?: readonly string[] };
export type IntegerSpec = Common & { readonly type: 'integer'; readonly min?: number; readonly max?: number };
export type BooleanSpec = Common & { readonly type: 'boolean' };
export type ListSpec = Common & {
  readonly type: 'list';
  readonly member: Spec;
  readonly min?: number;
  readonly max?: number;
  /**
   * `'list'`: a failing item is reported once, at the list, with every constraint of its member
   * shape ("Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint:
   * [Member must have length less than or equal to 128, …, Member must not be null]"), as AWS
   * answers for IAM's tag-key lists; otherwise at `list.N.member` with the one that failed.
   */
  readonly memberFailures?: 'list';
};
export type StructureSpec = Common & { readonly type: 'structure'; readonly members: Readonly<Record<string, Spec>> };
/** A JSON object of string keys (restJson1/JSON 1.x only; the Query protocol has no maps here). */
export type MapSpec = Common & { readonly type: 'map'; readonly key: StringSpec; readonly value: Spec; readonly min?: number; readonly max?: number };
/** A JSON document (smithy's `document`: botocore's `"document": true` structures): any JSON value, JSON protocols only; the handler checks it. */
export type DocumentSpec = Common & { readonly type: 'document' };
export type Spec = StringSpec | IntegerSpec | BooleanSpec | ListSpec | StructureSpec | MapSpec | DocumentSpec;

export type Params = Readonly<Record<string, Spec>>;

/** The decoded value of one shape: an enum's members, a list's items, a structure's members. */
export type ValueOf<S> = S extends { readonly type: 'string'; readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'string' }
    ? string
    : S extends { readonly type: 'integer' }
      ? number
      : S extends { readonly type: 'boolean' }
        ? boolean
        : S extends { readonly type: 'list'; readonly member: infer M }
          ? readonly ValueOf<M>[]
          : S extends { readonly type: 'structure'; readonly members: infer Ms }
            ? InputOf<Ms>
            : S extends { readonly type: 'map'; readonly value: infer V }
              ? Readonly<Record<string, ValueOf<V>>>
              : S extends { readonly type: 'document' }
                ? unknown
                : never;

type Required<P> = { readonly [K in keyof P as P[K] extends { readonly required: true } ? K : never]: ValueOf<P[K]> };
type Optional<P> = { readonly [K in keyof P as P[K] extends { readonly required: true } ? never : K]?: ValueOf<P[K]> };
type Flat<T> = { readonly [K in keyof T]: T[K] };

/** The input a spec describes: required members present, the others optional. */
export type InputOf<P> = Flat<Required<P> & Optional<P>>;

/** A member whose values are never quoted: sensitive itself, or a list of sensitive items. */
const isSensitive = (spec: Spec): boolean => spec.sensitive === true || (spec.type === 'list' && spec.member.sensitive === true);

/** A member whose value AWS's validation message leaves out: sensitive, or marked `quoted: false`. */
export const isUnquoted = (spec: Spec): boolean => spec.quoted === false || isSensitive(spec);

/**
 * The required string member `name` of a decoded input, for actions written once for several
 * resource types whose name member is chosen at run time (UserName, GroupName or RoleName): the
 * decoder has already refused a request without it, so its absence here is a programming error.
 */
export function memberOf(input: object, name: string): string {
  const v: unknown = (input as Readonly<Record<string, unknown>>)[name];
  if (typeof v !== 'string') throw new TypeError(`input member ${name} is not a string`);
  return v;
}
