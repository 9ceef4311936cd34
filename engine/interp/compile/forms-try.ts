// `try`/`catch`/`finally`. Flow code catches what `throw` threw and the interpreter's
// catchable runtime errors (as exceptions with Java-like classes, so `(catch
// ArithmeticException e ...)` works); host signals, fuel exhaustion and host errors pass
// through untouched, and `finally` does not run for them (the run is suspending or dead).

import type { CollNode, Node } from '../../edn/nodes';
import { symbolText } from '../../edn/nodes';
import type { Value } from '../../edn/values';
import { compileError, isCatchable, ThrownValue, type InterpError } from '../errors';
import type { Code, Frame } from '../runtime';
import { EX_INFO_CLASS, ExceptionValue } from '../values';
import { defineSpecials, nonTail, type CompilerApi, type Cx } from './context';

/** Java exception classes by full name, with their superclass. */
const parents: Record<string, string | null> = {
  'java.lang.Object': null,
  'java.lang.Throwable': 'java.lang.Object',
  'java.lang.Exception': 'java.lang.Throwable',
  'java.lang.Error': 'java.lang.Throwable',
  'java.lang.AssertionError': 'java.lang.Error',
  'java.lang.RuntimeException': 'java.lang.Exception',
  [EX_INFO_CLASS]: 'java.lang.RuntimeException',
  'java.lang.ArithmeticException': 'java.lang.RuntimeException',
  'java.lang.IllegalArgumentException': 'java.lang.RuntimeException',
  'java.lang.NumberFormatException': 'java.lang.IllegalArgumentException',
  'clojure.lang.ArityException': 'java.lang.IllegalArgumentException',
  'java.util.IllegalFormatException': 'java.lang.IllegalArgumentException',
  'java.util.IllegalFormatConversionException': 'java.util.IllegalFormatException',
  'java.util.MissingFormatArgumentException': 'java.util.IllegalFormatException',
  'java.util.UnknownFormatConversionException': 'java.util.IllegalFormatException',
  'java.lang.IllegalStateException': 'java.lang.RuntimeException',
  'java.lang.NullPointerException': 'java.lang.RuntimeException',
  'java.lang.ClassCastException': 'java.lang.RuntimeException',
  'java.lang.UnsupportedOperationException': 'java.lang.RuntimeException',
  'java.lang.IndexOutOfBoundsException': 'java.lang.RuntimeException',
  'java.lang.StringIndexOutOfBoundsException': 'java.lang.IndexOutOfBoundsException',
  'java.time.DateTimeException': 'java.lang.RuntimeException',
  'java.time.format.DateTimeParseException': 'java.time.DateTimeException',
};

const simpleNames = new Map<string, string>();
for (const full of Object.keys(parents)) simpleNames.set(full.slice(full.lastIndexOf('.') + 1), full);

function isA(cls: string, target: string): boolean {
  let c: string | null | undefined = Object.hasOwn(parents, cls) ? cls : 'java.lang.RuntimeException';
  while (c) {
    if (c === target) return true;
    c = Object.hasOwn(parents, c) ? parents[c] : null;
  }
  return false;
}

/** What `catch` binds for a caught error. */
export function exceptionOf(e: InterpError | ThrownValue): { value: Value; cls: string } {
  if (e instanceof ThrownValue) {
    const v = e.value;
    return { value: v, cls: v instanceof ExceptionValue ? v.javaClass : 'java.lang.Exception' };
  }
  return { value: new ExceptionValue(e.message, null, null, e.javaClass), cls: e.javaClass };
}

interface Clause {
  cls: string;
  slot: number;
  body: Code;
}

function clause(n: Node, name: string): CollNode | null {
  return n.kind === 'list' && n.children[0]?.kind === 'symbol' && n.children[0].ns === null && n.children[0].name === name ? n : null;
}

function tryForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const parts = list.children.slice(1);
  const bodyNodes: Node[] = [];
  const clauses: Clause[] = [];
  let fin: Code | null = null;
  const inner = nonTail(cx);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const catchClause = clause(p, 'catch');
    const finallyClause = clause(p, 'finally');
    if (catchClause !== null) {
      if (fin !== null) throw compileError('finally must be the last clause of a try', p);
      const [, clsNode, name, ...handler] = catchClause.children;
      let cls: string | undefined;
      if (clsNode?.kind === 'keyword' && clsNode.name === 'default' && clsNode.ns === null) cls = 'java.lang.Object';
      else if (clsNode?.kind === 'symbol') {
        const text = symbolText(clsNode);
        cls = Object.hasOwn(parents, text) ? text : simpleNames.get(text);
        if (cls === undefined) throw compileError(`Unable to resolve classname: ${text} (catch Exception, ExceptionInfo, Throwable, :default or a java.lang exception class)`, clsNode);
      }
      if (cls === undefined) throw compileError('catch needs a class: (catch Exception e ...)', clsNode ?? p);
      if (name === undefined || name.kind !== 'symbol' || name.ns !== null) throw compileError('catch needs a name for the exception: (catch Exception e ...)', name ?? p);
      const scope = cx.scope.child();
      const slot = scope.bind(name.name).slot;
      clauses.push({ cls, slot, body: c.body(handler, { ...inner, scope }, p) });
      continue;
    }
    if (finallyClause !== null) {
      if (i !== parts.length - 1) throw compileError('finally must be the last clause of a try', p);
      fin = c.body(finallyClause.children.slice(1), inner, p);
      continue;
    }
    if (clauses.length > 0) throw compileError('Only catch or finally clauses can follow catch in a try', p);
    bodyNodes.push(p);
  }
  const body = c.body(bodyNodes, inner, list);
  return (f: Frame) => {
    let result: Value;
    try {
      result = body(f);
    } catch (e) {
      if (!isCatchable(e)) throw e;
      const { value, cls } = exceptionOf(e);
      const clause = clauses.find((cl) => isA(cls, cl.cls));
      if (clause === undefined) {
        if (fin !== null) fin(f);
        throw e;
      }
      try {
        f[clause.slot] = value;
        result = clause.body(f);
      } catch (e2) {
        if (fin !== null && isCatchable(e2)) fin(f);
        throw e2;
      }
    }
    if (fin !== null) fin(f);
    return result;
  };
}

defineSpecials({ try: tryForm });
