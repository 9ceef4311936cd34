// A small TextMate tokenizer for tests: enough of the algorithm (earliest match wins, the
// first rule on ties, begin/end with inner patterns, captures) to tokenize the flow grammar
// with JavaScript regexes, which its rules are written to accept. Not a general engine.

import type { GrammarRule, TextMateGrammar } from '../../client/grammar/build';

export interface Token {
  text: string;
  scopes: string[];
}

interface Compiled {
  rule: GrammarRule;
  regex: RegExp;
}

function flatten(grammar: TextMateGrammar, rules: readonly GrammarRule[]): GrammarRule[] {
  return rules.flatMap((rule) => {
    if (rule.include) {
      const target = grammar.repository[rule.include.slice(1)];
      if (!target) throw new Error(`unknown include ${rule.include}`);
      return flatten(grammar, [target]);
    }
    if (!rule.match && !rule.begin && rule.patterns) return flatten(grammar, rule.patterns);
    return [rule];
  });
}

function compile(rules: GrammarRule[]): Compiled[] {
  return rules.map((rule) => ({ rule, regex: new RegExp((rule.match ?? rule.begin)!, 'dg') }));
}

function push(tokens: Token[], text: string, scopes: string[]): void {
  if (text.length > 0) tokens.push({ text, scopes });
}

/** Splits a match into tokens by its capture groups (outermost groups only, as used here). */
function withCaptures(tokens: Token[], m: RegExpExecArray, scopes: string[], captures: GrammarRule['captures']): void {
  const start = m.index;
  const text = m[0];
  const spans: { from: number; to: number; name: string }[] = [];
  for (const [group, { name }] of Object.entries(captures ?? {})) {
    const at = m.indices?.[Number(group)];
    if (at && Number(group) > 0) spans.push({ from: at[0] - start, to: at[1] - start, name });
  }
  spans.sort((a, b) => a.from - b.from);
  let at = 0;
  for (const span of spans) {
    push(tokens, text.slice(at, span.from), scopes);
    push(tokens, text.slice(span.from, span.to), [...scopes, span.name]);
    at = span.to;
  }
  push(tokens, text.slice(at), scopes);
}

/** Tokenizes `lines`; a begin/end rule left open carries over to the next line. */
export function tokenize(grammar: TextMateGrammar, text: string): Token[][] {
  const top = compile(flatten(grammar, grammar.patterns));
  const stack: { rule: GrammarRule; inner: Compiled[]; end: RegExp }[] = [];
  return text.split('\n').map((line) => {
    const tokens: Token[] = [];
    let pos = 0;
    while (pos < line.length) {
      const frame = stack.at(-1);
      const base = [grammar.scopeName, ...stack.map((f) => f.rule.name!).filter(Boolean)];
      const candidates = frame ? [{ rule: { name: '__end' } as GrammarRule, regex: frame.end }, ...frame.inner] : top;
      let best: { c: Compiled; m: RegExpExecArray } | undefined;
      for (const c of candidates) {
        c.regex.lastIndex = pos;
        const m = c.regex.exec(line);
        if (m && (!best || m.index < best.m.index)) best = { c, m };
      }
      if (!best || best.m[0].length === 0) {
        push(tokens, line.slice(pos), base);
        break;
      }
      const { c, m } = best;
      push(tokens, line.slice(pos, m.index), base);
      if (c.rule.name === '__end') {
        const closing = stack.pop()!;
        withCaptures(tokens, m, base, closing.rule.endCaptures);
      } else if (c.rule.begin) {
        const scopes = c.rule.name ? [...base, c.rule.name] : base;
        withCaptures(tokens, m, scopes, c.rule.beginCaptures);
        stack.push({ rule: c.rule, inner: compile(c.rule.patterns ?? []), end: new RegExp(c.rule.end!, 'dg') });
      } else {
        const scopes = c.rule.name ? [...base, c.rule.name] : base;
        withCaptures(tokens, m, scopes, c.rule.captures);
      }
      pos = m.index + m[0].length;
    }
    return tokens;
  });
}

/**
 * The innermost scope shared by the tokens that make up the first whole occurrence of `text`
 * (it must start and end on token boundaries), or undefined when there is none.
 */
export function scopeOf(lines: Token[][], text: string): string | undefined {
  for (const line of lines) {
    for (let first = 0; first < line.length; first++) {
      let joined = '';
      for (let last = first; last < line.length && joined.length < text.length; last++) {
        joined += line[last]!.text;
        if (joined === text) return commonScope(line.slice(first, last + 1));
      }
    }
  }
  return undefined;
}

function commonScope(tokens: Token[]): string | undefined {
  let shared = tokens[0]!.scopes;
  for (const t of tokens.slice(1)) {
    let n = 0;
    while (n < shared.length && n < t.scopes.length && shared[n] === t.scopes[n]) n++;
    shared = shared.slice(0, n);
  }
  return shared.at(-1);
}
