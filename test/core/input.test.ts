/**
 * core/input.ts: a handler's input type is its spec's. These are compile-time checks (the build
 * compiles tests): each `@ts-expect-error` fails the build the day the mistake below it compiles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { action } from '../../src/core/action.js';
import type { InputOf } from '../../src/core/input.js';

const params = {
  Name: { type: 'string', required: true, max: 64 },
  Count: { type: 'integer' },
  Mode: { type: 'string', enum: ['A', 'B'] },
  Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string', required: true } } } },
} as const;

describe('input types inferred from specs', () => {
  it('required members are present, others optional, enums their members', () => {
    const input: InputOf<typeof params> = { Name: 'n', Mode: 'A', Tags: [{ Key: 'k' }] };
    const name: string = input.Name;
    // @ts-expect-error Count is optional: it may be undefined
    const count: number = input.Count;
    // @ts-expect-error Mode is 'A' | 'B' (or absent), not any string
    const mode: 'A' | 'B' | 'C' extends NonNullable<typeof input.Mode> ? true : false = true;
    // @ts-expect-error a member the spec does not have
    void input.Other;
    assert.equal(name, 'n');
    void count;
    void mode;
  });

  it('an action handler gets the spec typed input', () => {
    const a = action({
      service: 'iam',
      name: 'Example',
      params,
      resource: (input) => `arn:aws:iam::123456789012:thing/${input.Name}`,
      handler: (_ctx, input) => {
        // @ts-expect-error Tags items have Key only
        void input.Tags?.[0]?.Value;
        return { Name: input.Name };
      },
    });
    assert.equal(a.name, 'Example');
  });

  it('a spec whose `required` widened to boolean does not compile', () => {
    const widened = { Name: { type: 'string' as const, required: true } };
    // @ts-expect-error required: boolean would type Name optional; only `true` is allowed
    const a = action({ service: 'iam', name: 'Widened', params: widened, resource: undefined, handler: () => undefined });
    assert.equal(a.name, 'Widened');
  });
});
