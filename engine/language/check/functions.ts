// Function code: `:functions` entries and inline `:code` of `:function` steps. A code string
// must hold exactly one `(fn [input] ...)` form; its symbols resolve in function-code scope
// (clojure.core transforms, clojure.string, breyta.sandbox, the Java allowlist). Findings
// inside a code string are mapped back to the exact characters of the source.

import type { Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { readEdn } from '../../edn/reader';
import { stringOffsets } from '../../edn/string-offsets';
import { Analyzer } from './analyzer';
import { CheckContext } from './check-context';
import { msg } from './messages';
import { Scope } from './scope';

/** Checks a `:code` value: a string of code or a quoted `(fn ...)` form. */
export function checkInlineFunctionCode(ctx: CheckContext, code: Node): void {
  const v = unwrapMeta(code);
  if (v === null) return;
  if (v.kind === 'string') return checkCodeString(ctx, v);
  // A syntax-quoted fn is accepted as the platform accepts it (a quoted form).
  if ((v.kind === 'quote' || v.kind === 'syntax-quote') && v.form) return checkFnForm(ctx, v.form, v);
  if (v.kind === 'list' && v.children[0]?.kind === 'symbol' && v.children[0].name === 'quote' && v.children[0].ns === 'clojure.core' && v.children[1]) return checkFnForm(ctx, v.children[1], v);
  if (v.kind === 'list' && v.children[0]?.kind === 'symbol' && v.children[0].name === 'quote' && v.children[1]) return checkFnForm(ctx, v.children[1], v);
  if (v.kind === 'list' || v.kind === 'symbol') {
    ctx.report('invalid-function-code', 'error', v, msg.codeNotQuoted());
    return;
  }
  ctx.report('invalid-function-code', 'error', v, msg.codeWrongKind());
}

function checkCodeString(ctx: CheckContext, node: Node & { kind: 'string' }): void {
  const parsed = readEdn(node.value);
  const at = stringOffsets(ctx.text, node);
  const inner = new CheckContext(node.value);
  for (const f of parsed.findings) inner.findings.push(f);
  if (parsed.forms.length === 0) {
    ctx.report('invalid-function-code', 'error', node, msg.codeEmpty());
  } else {
    if (parsed.forms.length > 1) {
      const extra = parsed.forms[1]!;
      inner.report('invalid-function-code', 'error', { start: extra.start, end: parsed.forms[parsed.forms.length - 1]!.end }, msg.codeTrailing());
    }
    checkFnForm(inner, parsed.forms[0]!, parsed.forms[0]!);
  }
  for (const f of inner.findings) {
    const start = at(f.start);
    const end = Math.max(at(f.end), start + 1);
    ctx.report(f.code, f.severity, { start, end }, f.message, f.data, f.tags);
  }
}

/** The form must be `(fn [input] ...)`; then its body is analysed as function code. */
function checkFnForm(ctx: CheckContext, form: Node, reportAt: Node): void {
  const f = unwrapMeta(form);
  const isFn = f?.kind === 'list' && f.children[0]?.kind === 'symbol' && f.children[0].ns === null && (f.children[0].name === 'fn' || f.children[0].name === 'fn*');
  if (!isFn || f === null || f.kind !== 'list') {
    ctx.report('invalid-function-code', 'error', f ?? reportAt, msg.codeNotFn(f ? ctx.source(f, 30) : ''));
    if (f) new Analyzer(ctx, 'function').analyze(f, new Scope(null));
    return;
  }
  const params = f.children.find((c, i) => i > 0 && c.kind === 'vector');
  if (params && params.kind === 'vector') {
    const count = params.children.filter((p) => !(p.kind === 'symbol' && p.name === '&')).length;
    if (count !== 1) ctx.report('invalid-function-code', 'error', params, msg.codeParams(count));
  }
  new Analyzer(ctx, 'function').analyze(f, new Scope(null));
}
