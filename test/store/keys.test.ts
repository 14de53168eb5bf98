/** Unit tests of the key-range and input helpers every backend relies on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareKeys, keyRange, prefixEnd } from '../../src/store/keys.js';
import { serializeData } from '../../src/store/validate.js';

describe('store keys', () => {
  it('prefixEnd is the next string after every extension of the prefix', () => {
    assert.equal(prefixEnd(''), undefined);
    assert.equal(prefixEnd('ab'), 'ac');
    assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
    assert.equal(prefixEnd('\u{10FFFF}\u{10FFFF}'), undefined);
    assert.equal(prefixEnd('a\uD7FF'), 'a\uE000', 'skips the surrogate block');
    assert.equal(prefixEnd('a𝄞'), 'a\u{1D11F}');
  });

  it('compares keys in UTF-8 byte order', () => {
    assert.ok(compareKeys('\uFF5A', '𝄞') < 0); // UTF-16 code units would say the opposite
    assert.ok(compareKeys('a', 'a') === 0);
    assert.ok(compareKeys('B', 'a') < 0);
  });

  it('keyRange starts at the later of the prefix and the marker', () => {
    assert.deepEqual(keyRange('ab', 'a'), { lower: 'ab', strict: false, upper: 'ac' });
    assert.deepEqual(keyRange('ab', 'ab/1'), { lower: 'ab/1', strict: true, upper: 'ac' });
    assert.deepEqual(keyRange(undefined, 'x'), { lower: 'x', strict: true, upper: undefined });
    assert.deepEqual(keyRange(), { lower: '', strict: false, upper: undefined });
  });

  it('serializeData refuses only real NULs and lone surrogates', () => {
    assert.throws(() => serializeData('\u0000'), TypeError);
    assert.throws(() => serializeData({ a: '\ud800x' }), TypeError);
    assert.equal(serializeData('\\u0000'), '"\\\\u0000"');
    assert.equal(serializeData('\u0001𝄞'), '"\\u0001𝄞"');
    assert.throws(() => serializeData(() => 1), TypeError);
  });
});
