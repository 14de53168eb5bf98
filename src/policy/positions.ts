/**
 * Where each statement sits in a policy's text, as the IAM policy simulator reports it
 * (API_Statement.html: StartPosition / EndPosition, Line and Column, both 1-based).
 *
 * AWS reports the reader's position *after* a token, not the token itself. From responses
 * recorded against AWS (aws-cli simulate-custom-policy examples; LocalStack
 * test_iam.snapshot.json test_simulate_principle_policy; AWS managed policies with tabs and
 * 2-space indentation):
 *  - `"Statement": {…}`: start is just after the statement's `{`, end just after its `}`;
 *  - `"Statement": [{…}, …]`: the first statement starts just after `[` (on the `[` line when
 *    the text is pretty-printed), each later one just after the previous statement's `}`;
 *    each ends just after its own `}`.
 * Lines break at LF, CR LF or CR. Columns count UTF-16 code units, as JSON readers do.
 */

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Scanner {
  pos = 0;
  #line = 1;
  #lineStart = 0;
  #counted = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.pos < this.text.length && WS.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  /** The position just after the character at `index`. */
  after(index: number): TextPosition {
    const t = this.text;
    // Line breaks are counted once, left to right (callers ask in increasing order).
    for (; this.#counted <= index; this.#counted++) {
      const c = t.charCodeAt(this.#counted);
      if (c === 0x0a || (c === 0x0d && t.charCodeAt(this.#counted + 1) !== 0x0a)) {
        this.#line++;
        this.#lineStart = this.#counted + 1;
      }
    }
    // A break just consumed puts "after" at the start of the next line.
    return { line: this.#line, column: index + 1 - this.#lineStart + 1 };
  }

  /** Index just past the JSON value starting at `pos` (the text was already validated as JSON). */
  skipValue(): void {
    const t = this.text;
    const c = t[this.pos];
    if (c === '"') {
      this.pos++;
      while (this.pos < t.length && t[this.pos] !== '"') this.pos += t[this.pos] === '\\' ? 2 : 1;
      this.pos++;
      return;
    }
    if (c !== '{' && c !== '[') {
      while (this.pos < t.length && !WS.has(t.charCodeAt(this.pos)) && !',]}'.includes(t[this.pos]!)) this.pos++;
      return;
    }
    let depth = 0;
    while (this.pos < t.length) {
      const ch = t[this.pos]!;
      if (ch === '"') {
        this.skipValue();
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
      this.pos++;
      if (depth === 0) return;
    }
  }

  /** Reads a string token at `pos` and returns its raw content (escapes left as written). */
  key(): string {
    const start = this.pos + 1;
    this.skipValue();
    return this.text.slice(start, this.pos - 1);
  }
}

/**
 * The span of every statement of a policy document, in statement order; [] when the text has no
 * Statement element this reader can find (callers then report no positions).
 */
export function statementPositions(text: string): StatementSpan[] {
  const s = new Scanner(text);
  s.ws();
  if (text[s.pos] !== '{') return [];
  s.pos++;
  let statementAt = -1;
  for (;;) {
    s.ws();
    if (text[s.pos] !== '"') break;
    const key = s.key();
    s.ws();
    if (text[s.pos] !== ':') break;
    s.pos++;
    s.ws();
    // JSON: the last of repeated keys wins, as in the policy reader (json.ts).
    if (key === 'Statement') statementAt = s.pos;
    s.skipValue();
    s.ws();
    if (text[s.pos] !== ',') break;
    s.pos++;
  }
  if (statementAt < 0) return [];
  return spans(s, statementAt);
}

function spans(s: Scanner, at: number): StatementSpan[] {
  const text = s.text;
  s.pos = at;
  if (text[at] === '{') {
    s.skipValue();
    return [{ start: s.after(at), end: s.after(s.pos - 1) }];
  }
  if (text[at] !== '[') return [];
  const out: StatementSpan[] = [];
  let previous = at;
  s.pos = at + 1;
  for (;;) {
    s.ws();
    if (text[s.pos] === ',') {
      s.pos++;
      continue;
    }
    if (text[s.pos] !== '{') break;
    const start = s.after(previous);
    s.skipValue();
    previous = s.pos - 1;
    out.push({ start, end: s.after(previous) });
  }
  return out;
}
