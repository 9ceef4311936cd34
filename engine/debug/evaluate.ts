// Evaluation in a stopped frame's scope (watch, hover, debug console, breakpoint conditions
// and logpoints): an expression of the flow language over the frame's locals, compiled in
// function mode, with a host that refuses steps: evaluating never runs a step.

import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';
import { compileForm, implementedNames, InterpError, type Host } from '../interp/index';
import { strOf } from '../interp/index';

const FUEL = 1_000_000;
/** The local `(flow/input)` is rewritten to in an evaluated expression. */
const INPUT = '__flow_input__';

export class EvaluationError extends Error {}

function refusingHost(input: Value): Host {
  return {
    step: () => {
      throw new InterpError('evaluating in the debugger never runs a step: flow/step is not available here');
    },
    input: () => input,
    nowMs: () => {
      throw new InterpError('flow/now-ms reads the run clock: see the Run scope instead');
    },
  };
}

/** Evaluates one form of the flow language with `locals` bound (names are symbols). */
export function evaluateIn(text: string, locals: ReadonlyMap<string, Value>, input: Value = null): Value {
  if (/\(\s*flow\/(step|poll)\b/.test(text)) throw new EvaluationError('evaluating in the debugger never runs a step: flow/step and flow/poll are not available here');
  // `(flow/input)` reads the run input, as in the body (function code has no flow/input of its own).
  text = text.replace(/\(\s*flow\/input\s*\)/g, INPUT);
  const parsed = readEdn(text);
  const error = parsed.findings.find((f) => f.severity === 'error');
  if (error !== undefined) throw new EvaluationError(`cannot read ${JSON.stringify(text)}: ${error.message}`);
  if (parsed.forms.length !== 1) throw new EvaluationError(parsed.forms.length === 0 ? 'nothing to evaluate' : `evaluate one form at a time (${JSON.stringify(text)} holds ${parsed.forms.length})`);
  const names = [...locals.keys()].filter((n) => /^[^\s/]+$/.test(n) && n !== INPUT);
  names.push(INPUT);
  try {
    const compiled = compileForm(parsed.forms[0]!, { mode: 'function', source: text, locals: names, fuel: FUEL });
    const bound: Record<string, Value> = {};
    for (const n of names) bound[n] = locals.get(n) ?? null;
    bound[INPUT] = input;
    return compiled.run(refusingHost(input), bound);
  } catch (e) {
    // A compile or run error, or a value the expression threw: said, never thrown through.
    throw new EvaluationError(e instanceof Error ? e.message : String(e));
  }
}

/** Logpoint text: `{expr}` parts evaluated and printed as `str` does; `{{` and `}}` are braces. */
export function interpolate(template: string, locals: ReadonlyMap<string, Value>, input: Value = null): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') {
      out += '{';
      i += 2;
    } else if (c === '}' && template[i + 1] === '}') {
      out += '}';
      i += 2;
    } else if (c === '{') {
      const close = matchingBrace(template, i);
      if (close < 0) return out + template.slice(i);
      const expr = template.slice(i + 1, close);
      try {
        out += strOf(evaluateIn(expr, locals, input));
      } catch (e) {
        out += `<${(e as Error).message}>`;
      }
      i = close + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The `}` closing the `{` at `open`, skipping EDN maps inside the expression. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

let catalogNames: string[] | undefined;

/** Completions for the debug console: the locals in scope, then the language's core names. */
export function completionsAt(text: string, column: number, locals: ReadonlyMap<string, Value>): { label: string; type: 'variable' | 'function'; start: number; length: number }[] {
  const before = text.slice(0, column);
  const m = /[^\s()[\]{}"'`,;@^~]*$/.exec(before);
  const prefix = m ? m[0] : '';
  const start = column - prefix.length;
  catalogNames ??= [...implementedNames()].sort();
  const out: { label: string; type: 'variable' | 'function'; start: number; length: number }[] = [];
  for (const name of locals.keys()) if (name.startsWith(prefix)) out.push({ label: name, type: 'variable', start, length: prefix.length });
  for (const name of catalogNames) if (name.startsWith(prefix) && !locals.has(name)) out.push({ label: name, type: 'function', start, length: prefix.length });
  return out;
}
