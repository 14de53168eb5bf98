/**
 * Compile once, evaluate often: a validated document becomes frozen statement matchers, and each
 * compiled policy remembers which of its statements apply to an action it has seen.
 */
import { type ArnPattern, compileArnPattern, matchArn } from './arn.js';
import { type CondFn, compileCondition } from './conditions.js';
import { statementContextKeys } from './context-keys.js';
import { type PrincipalSpec, compilePrincipal } from './principal-match.js';
import type { PolicyDocumentJson, PolicyKind, StatementJson } from './types.js';
import { validatePolicy } from './validate.js';
import { type Lookup, type Template, parseTemplate, resolveTemplate, templateTokens, tokensKey } from './variables.js';
import { type Glob, compileGlob, hasWildcard, matchGlob, tokenize } from './wildcard.js';

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly allow: boolean;
  readonly resource: ResourceMatcher | undefined;
  readonly principal: PrincipalSpec | undefined;
  readonly notPrincipal: PrincipalSpec | undefined;
  readonly conditions: readonly CondFn[];
  /** Context keys the statement refers to, as written (context-keys.ts): for the simulator, never evaluation. */
  readonly contextKeys: readonly string[];
}

interface ActionMatcher {
  readonly not: boolean;
  readonly exact: ReadonlySet<string>;
  readonly globs: readonly Glob[];
}

interface ResourceMatcher {
  readonly not: boolean;
  readonly patterns: readonly ArnPattern[];
  readonly templates: readonly TemplatedArn[];
}

/** A Resource entry with variables, with the patterns its recent substitutions compiled to. */
interface TemplatedArn {
  readonly template: Template;
  readonly compiled: Map<string, ArnPattern>;
}
const TEMPLATE_CACHE_MAX = 256;

/** Versions before 2012-10-17 treat `${...}` as literal text. */
const VARIABLES_VERSION = '2012-10-17';
const ACTION_CACHE_MAX = 1024;

export class CompiledPolicy {
  readonly kind: PolicyKind;
  readonly document: PolicyDocumentJson;
  readonly statements: readonly CompiledStatement[];
  readonly #actions: readonly ActionMatcher[];
  readonly #byAction = new Map<string, readonly CompiledStatement[]>();

  constructor(document: PolicyDocumentJson, kind: PolicyKind) {
    this.kind = kind;
    this.document = document;
    const variables = document.Version === VARIABLES_VERSION;
    this.statements = Object.freeze(document.Statement.map((s, i) => Object.freeze(compileStatement(s, i, variables))));
    this.#actions = document.Statement.map(compileActions);
    Object.freeze(this);
  }

  /** The statements whose Action/NotAction covers `actionLower` (already lower-cased). */
  statementsFor(actionLower: string): readonly CompiledStatement[] {
    let hit = this.#byAction.get(actionLower);
    if (hit === undefined) {
      hit = this.statements.filter((_, i) => actionMatches(this.#actions[i]!, actionLower));
      if (this.#byAction.size >= ACTION_CACHE_MAX) this.#byAction.clear();
      this.#byAction.set(actionLower, hit);
    }
    return hit;
  }
}

/**
 * Validates (AWS's grammar for `kind`) and compiles. Throws MalformedPolicyDocumentError.
 * Documents without a Version (or 2008-10-17) are evaluated as AWS evaluates them — variables
 * stay literal — even where the IAM API refuses to store them; use validatePolicy to enforce that.
 */
export function compilePolicy(input: string | object, kind: PolicyKind = 'identity'): CompiledPolicy {
  return new CompiledPolicy(validatePolicy(input, kind, { allowLegacyVersion: true }), kind);
}

function compileStatement(s: StatementJson, index: number, variables: boolean): CompiledStatement {
  const conditions: CondFn[] = [];
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      conditions.push(compileCondition(op, key.toLowerCase(), values, variables));
    }
  }
  const resourceList = s.Resource ?? s.NotResource;
  return {
    index,
    sid: s.Sid,
    allow: s.Effect === 'Allow',
    resource: resourceList === undefined ? undefined : compileResources(resourceList, s.NotResource !== undefined, variables),
    principal: s.Principal === undefined ? undefined : compilePrincipal(s.Principal),
    notPrincipal: s.NotPrincipal === undefined ? undefined : compilePrincipal(s.NotPrincipal),
    conditions,
    contextKeys: Object.freeze(statementContextKeys(s, variables)),
  };
}

function compileActions(s: StatementJson): ActionMatcher {
  const list = s.Action ?? s.NotAction ?? [];
  const exact = new Set<string>();
  const globs: Glob[] = [];
  for (const a of list) {
    const tokens = tokenize(a);
    if (hasWildcard(tokens)) globs.push(compileGlob(tokens, true));
    else exact.add(a.toLowerCase());
  }
  return { not: s.Action === undefined, exact, globs };
}

function actionMatches(m: ActionMatcher, actionLower: string): boolean {
  let hit = m.exact.has(actionLower);
  if (!hit) for (const g of m.globs) if (matchGlob(g, actionLower)) { hit = true; break; }
  return hit !== m.not;
}

function compileResources(list: readonly string[], not: boolean, variables: boolean): ResourceMatcher {
  const patterns: ArnPattern[] = [];
  const templates: TemplatedArn[] = [];
  for (const r of list) {
    const t = parseTemplate(r, variables);
    if (t.vars) templates.push({ template: t, compiled: new Map() });
    else patterns.push(compileArnPattern(templateTokens(t)));
  }
  return { not, patterns, templates };
}

/** `parts` is splitArn(resource), computed once per request. */
export function resourceMatches(
  m: ResourceMatcher,
  resource: string,
  parts: readonly string[] | undefined,
  lookup: Lookup,
): boolean {
  let hit = false;
  for (const p of m.patterns) if (matchArn(p, resource, parts)) { hit = true; break; }
  if (!hit) {
    for (const t of m.templates) {
      const pattern = resolveArnTemplate(t, lookup);
      if (pattern !== undefined && matchArn(pattern, resource, parts)) { hit = true; break; }
    }
  }
  return hit !== m.not;
}

function resolveArnTemplate(t: TemplatedArn, lookup: Lookup): ArnPattern | undefined {
  const tokens = resolveTemplate(t.template, lookup);
  if (tokens === undefined) return undefined;
  const key = tokensKey(tokens);
  let p = t.compiled.get(key);
  if (p === undefined) {
    p = compileArnPattern(tokens);
    if (t.compiled.size >= TEMPLATE_CACHE_MAX) t.compiled.clear();
    t.compiled.set(key, p);
  }
  return p;
}
