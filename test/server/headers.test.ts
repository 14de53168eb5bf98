/** Headers for SigV4 come from the raw lines: names lower-cased, repeats kept apart in order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distinctHeaders } from '../../src/access/authenticate.js';
import { canonicalHeaders } from '../../src/sigv4/headers.js';

describe('distinctHeaders', () => {
  it('lower-cases names, keeps one line as a string and repeats as a list, in order', () => {
    const h = distinctHeaders(['Host', 'example.com', 'X-Amz-Date', '20150830T123600Z', 'My-Header', 'a', 'my-header', ' b  c ', 'MY-HEADER', 'd']);
    assert.equal(h.host, 'example.com');
    assert.equal(h['x-amz-date'], '20150830T123600Z');
    assert.deepEqual(h['my-header'], ['a', ' b  c ', 'd']);
    // SigV4 joins repeats with "," after trimming and collapsing inner whitespace.
    assert.equal(canonicalHeaders(['host', 'my-header'], h), 'host:example.com\nmy-header:a,b c,d\n');
  });

  it('has no prototype: a header named like an Object member is just a header', () => {
    const h = distinctHeaders(['__proto__', 'x', 'constructor', 'y']);
    assert.equal(Object.getPrototypeOf(h), null);
    assert.equal(h.__proto__, 'x');
    assert.equal(h.constructor, 'y');
    assert.equal('toString' in h, false);
  });
});
