// The analyser-compiler: one walk over the syntax nodes that resolves every symbol against
// the lexical scope and the catalog's allowlist for the mode (body or function code),
// checks arities, and returns a closure per node. Errors are `InterpError`s at the node.

import { List, Map as IMap, Set as ISet } from 'immutable';
import type { CollNode, Node, SymbolNode } from '../../edn/nodes';
import { symbolText } from '../../edn/nodes';
import { ConversionError, nodeToValue } from '../../edn/convert';
import { printNode } from '../../edn/printer';
import { Char, Keyword, Regex, Tagged, type Value } from '../../edn/values';
import { callableByName, prohibitedByName } from '../../language/catalog/index';
import { suggest } from '../../language/suggest';
import { compileError, InterpError } from '../errors';
import { compilePattern } from '../regex';
import type { Code, Frame } from '../runtime';
import { EMPTY_MAP, EMPTY_SEQ, EMPTY_SET, EMPTY_VECTOR } from '../seq';
import { describe } from '../values';
import { arityOk, coreImpl, coreValue } from '../core/index';
import { parseInstant } from '../core/time';
import { coreCall, dynamicCall, keywordCall } from './calls';
import { constant, constantOf, NIL, nonTail, specials, type CodeMode, type CompilerApi, type Cx } from './context';
import { readBinding } from './scope';
import { compileIfWithSite, branchSiteOf } from './forms-basic';
import { interopCall, interopValue, isInteropSymbol } from './interop';
import { pointCode, type PointTable } from '../probe';

const flowOnly = ' The flow body has no Java interop or helper namespaces; move this logic into a `:function` step.';

export class Compiler implements CompilerApi {
  constructor(
    readonly mode: CodeMode,
    private readonly source: string | undefined,
    readonly points: PointTable | null = null,
  ) {}

  /** With points: `code` reports the form to the probe first (constants are no points). */
  private point(node: Node, cx: Cx, code: Code): Code {
    const table = this.points;
    if (table === null || node === table.root || constantOf(code) !== undefined) return code;
    const fn = cx.scope.fn;
    const locals = cx.scope.bindings().map((b) => ({ name: b.name, read: readBinding(b, fn) }));
    return pointCode(table.add(node.start, node.end, locals), code);
  }

  text(node: Node, max = 60): string {
    const t = this.source !== undefined ? this.source.slice(node.start, node.end) : printNode(node);
    const one = t.replace(/\s+/g, ' ');
    return one.length > max ? one.slice(0, max - 3) + '...' : one;
  }

  compile(node: Node, cx: Cx): Code {
    switch (node.kind) {
      case 'nil':
        return NIL;
      case 'boolean':
      case 'symbolic':
        return constant(node.value);
      case 'number':
        return constant(node.big !== null && !Number.isSafeInteger(node.value) ? node.big : node.value);
      case 'string':
        return constant(node.value);
      case 'char':
        return constant(new Char(node.value));
      case 'keyword':
        return constant(Keyword.of(node.name, node.ns));
      case 'regex':
        try {
          compilePattern(node.pattern);
        } catch (e) {
          throw compileError(e instanceof Error ? e.message : String(e), node);
        }
        return constant(new Regex(node.pattern));
      case 'symbol':
        return this.symbol(node, cx);
      case 'list':
        return this.points === null ? this.list(node, cx) : this.point(node, cx, this.list(node, cx));
      case 'vector':
      case 'set':
      case 'map':
        return this.collection(node, cx);
      case 'fn': {
        const handler = specials.get('#()')!;
        return handler(this, node, cx);
      }
      case 'meta': {
        if (node.form === null) throw compileError('Metadata without a form', node);
        const site = branchSiteOf(node);
        const form = node.form.kind === 'meta' ? null : node.form;
        if (site !== null && form !== null && form.kind === 'list' && this.isHead(form, 'if', cx)) return this.point(form, cx, compileIfWithSite(this, form, cx, site));
        return this.compile(node.form, cx);
      }
      case 'quote':
        if (node.form === null) throw compileError('Quote without a form', node);
        return constant(this.quoted(node.form));
      case 'tagged':
        return this.tagged(node);
      case 'reader-cond': {
        for (const feature of ['clj', 'default']) {
          for (let i = 0; i + 1 < node.children.length; i += 2) {
            const k = node.children[i]!;
            if (k.kind === 'keyword' && k.name === feature) return this.compile(node.children[i + 1]!, cx);
          }
        }
        return NIL;
      }
      case 'var':
        if (node.form?.kind === 'symbol') return this.symbol(node.form, cx);
        throw compileError('#\' takes a symbol', node);
      case 'syntax-quote':
      case 'unquote':
      case 'unquote-splicing':
        throw compileError(`Syntax quote and unquote are not supported: ${this.text(node)}`, node);
      case 'deref':
        throw compileError(`@ (deref) is not supported: there are no atoms, refs or futures in flow code: ${this.text(node)}`, node);
      case 'error':
        throw compileError(`Unreadable text: ${node.text}`, node);
    }
  }

  body(nodes: Node[], cx: Cx, _at?: { start: number; end: number }): Code {
    if (nodes.length === 0) return NIL;
    if (nodes.length === 1) return this.compile(nodes[0]!, cx);
    const inner = nonTail(cx);
    const codes = nodes.map((n, i) => this.compile(n, i === nodes.length - 1 ? cx : inner));
    const n = codes.length - 1;
    const last = codes[n]!;
    if (n === 1) {
      const a = codes[0]!;
      return (f: Frame) => {
        a(f);
        return last(f);
      };
    }
    return (f: Frame) => {
      for (let i = 0; i < n; i++) codes[i]!(f);
      return last(f);
    };
  }

  /** True when `list` is a call of the special form or macro `name` (not shadowed). */
  isHead(list: CollNode, name: string, cx: Cx): boolean {
    const h = list.children[0];
    return h?.kind === 'symbol' && h.ns === null && h.name === name && cx.scope.lookup(name) === undefined;
  }

  quoted(form: Node): Value {
    try {
      return nodeToValue(form);
    } catch (e) {
      if (e instanceof ConversionError) throw compileError(e.message, e.node);
      throw e;
    }
  }

  private tagged(node: Node & { kind: 'tagged' }): Code {
    if (node.form === null) throw compileError(`#${node.tag} without a form`, node);
    if (node.tag === 'inst' && node.form.kind === 'string') {
      try {
        return constant(parseInstant(node.form.value));
      } catch {
        throw compileError(`Invalid #inst literal: ${this.text(node.form)}`, node);
      }
    }
    if (node.tag === 'uuid' && node.form.kind === 'string') {
      if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(node.form.value)) throw compileError(`Invalid #uuid literal: ${this.text(node.form)}`, node);
      return constant(new Tagged('uuid', node.form.value.toLowerCase()));
    }
    throw compileError(`Tagged literal #${node.tag} is not supported in code`, node);
  }

  private checkAllowed(name: string, node: Node): void {
    const spec = callableByName.get(name);
    if (this.mode === 'body') {
      const p = prohibitedByName.get(name);
      if (p !== undefined)
        throw compileError(
          p.code === 'prohibited-transform'
            ? `Flow orchestration cannot transform data with \`${name}\`: ${p.fix}`
            : `\`${name}\` is not supported in the flow body (the visual editor renders only \`->\` and explicit branching): ${p.fix}`,
          node,
        );
      if (spec !== undefined && !spec.inBody) throw compileError(`\`${name}\` is available only in function code, not in the flow body; move this logic into a \`:function\` step.`, node);
    } else if (spec !== undefined && !spec.inFunctions) {
      throw compileError(`\`${name}\` is available only in the flow body, not in function code.`, node);
    }
  }

  private unknown(sym: SymbolNode, cx: Cx): never {
    const text = symbolText(sym);
    const candidates = [...cx.scope.visible(), ...[...callableByName.values()].filter((c) => (this.mode === 'body' ? c.inBody : c.inFunctions)).map((c) => c.name)];
    const s = suggest(text, candidates);
    const hint = s.length > 0 ? ` Did you mean ${s.map((x) => '`' + x + '`').join(', ')}?` : '';
    throw compileError(`Unknown symbol ${text}.${hint}${sym.ns !== null && this.mode === 'body' ? flowOnly : ''}`, sym);
  }

  symbol(sym: SymbolNode, cx: Cx): Code {
    if (sym.ns === null) {
      const b = cx.scope.lookup(sym.name);
      if (b !== undefined) return readBinding(b, cx.scope.fn);
    }
    const name = sym.ns === null ? sym.name : symbolText(sym);
    const spec = callableByName.get(name);
    if (spec !== undefined) {
      this.checkAllowed(name, sym);
      if (spec.special || name.startsWith('flow/')) throw compileError(`Can't take the value of \`${name}\`: it is a special form; call it as (${name} ...)`, sym);
      const v = coreValue(name);
      if (v === undefined) throw compileError(`\`${name}\` is not implemented by the local interpreter`, sym);
      return constant(v);
    }
    if (isInteropSymbol(sym)) {
      if (this.mode === 'body') throw compileError(`Unknown symbol ${name}.${flowOnly}`, sym);
      return interopValue(sym);
    }
    return this.unknown(sym, cx);
  }

  private list(list: CollNode, cx: Cx): Code {
    const head = list.children[0];
    if (head === undefined) return constant(EMPTY_SEQ);
    const argNodes = list.children.slice(1);
    if (head.kind === 'symbol') {
      if (head.ns === null && cx.scope.lookup(head.name) !== undefined) return this.dynamic(list, cx);
      // `clojure.core/quote` is `quote`: clojure.core names the same forms by their short names.
      const name = head.ns === null ? head.name : head.ns === 'clojure.core' && (specials.has(head.name) || callableByName.has(head.name)) ? head.name : symbolText(head);
      const special = specials.get(name);
      if (special !== undefined) {
        if (callableByName.has(name)) this.checkAllowed(name, head);
        else if (this.mode === 'body') throw compileError(name === '.' || name === 'new' ? `Java interop is not available in the flow body.${flowOnly}` : `\`${name}\` is available only in function code, not in the flow body; move this logic into a \`:function\` step.`, head);
        return special(this, list, cx);
      }
      const spec = callableByName.get(name);
      if (spec !== undefined) {
        this.checkAllowed(name, head);
        const impl = coreImpl(name);
        if (impl === undefined) throw compileError(`\`${name}\` is not implemented by the local interpreter`, head);
        if (!arityOk(name, argNodes.length)) {
          // As on the platform, a function called with a wrong count fails when the call runs.
          const error = compileError(`Wrong number of args (${argNodes.length}) passed to: ${name}; expected ${spec.signature}`, list);
          return () => {
            throw error;
          };
        }
        if (name === 'range' && argNodes.length === 0) throw compileError('(range) without bounds never ends and is rejected by the sandbox: give an end, e.g. (range 10)', list);
        const inner = nonTail(cx);
        return coreCall(impl, argNodes.map((a) => this.compile(a, inner)), list);
      }
      if (isInteropSymbol(head)) {
        if (this.mode === 'body') throw compileError(`Unknown symbol ${name}.${flowOnly}`, head);
        const inner = nonTail(cx);
        return interopCall(head, argNodes.map((a) => this.compile(a, inner)), list);
      }
      return this.unknown(head, cx);
    }
    if (head.kind === 'keyword') {
      if (argNodes.length < 1 || argNodes.length > 2)
        throw compileError(`A keyword called as a function takes a map and an optional default: (${this.text(head)} m) or (${this.text(head)} m default), not ${argNodes.length} arguments`, list);
      const inner = nonTail(cx);
      return keywordCall(Keyword.of(head.name, head.ns), argNodes.map((a) => this.compile(a, inner)));
    }
    if (head.kind === 'number' || head.kind === 'string' || head.kind === 'nil' || head.kind === 'boolean' || head.kind === 'char' || head.kind === 'regex')
      throw compileError(`Cannot call ${head.kind === 'nil' ? 'nil' : describe(this.quoted(head))} as a function`, list);
    return this.dynamic(list, cx);
  }

  private dynamic(list: CollNode, cx: Cx): Code {
    const inner = nonTail(cx);
    const head = this.compile(list.children[0]!, inner);
    const args = list.children.slice(1).map((a) => this.compile(a, inner));
    if (args.length === 0) {
      const start = list.start;
      const end = list.end;
      return dynamicCall(head, [], { start, end });
    }
    return dynamicCall(head, args, list);
  }

  private collection(node: CollNode, cx: Cx): Code {
    const inner = nonTail(cx);
    const codes = node.children.map((c) => this.compile(c, inner));
    const consts = codes.map(constantOf);
    const allConst = consts.every((c) => c !== undefined);
    if (node.kind === 'vector') {
      if (allConst) return constant(codes.length === 0 ? EMPTY_VECTOR : List(consts.map((c) => c!.v)));
      const n = codes.length;
      return (f: Frame) => {
        const xs: Value[] = new Array(n);
        for (let i = 0; i < n; i++) xs[i] = codes[i]!(f);
        return List(xs);
      };
    }
    if (node.kind === 'set') {
      if (allConst) {
        const vals = consts.map((c) => c!.v);
        const set = vals.length === 0 ? EMPTY_SET : ISet(vals);
        if (set.size !== vals.length) throw compileError(`Duplicate key in set literal: ${this.text(node)}`, node);
        return constant(set);
      }
      return (f: Frame) => {
        const xs = codes.map((c) => c(f));
        const s = ISet(xs);
        if (s.size !== xs.length) duplicateKey(`Duplicate key in set literal: ${this.text(node)}`, node);
        return s;
      };
    }
    // Map literal.
    if (codes.length % 2 !== 0) throw compileError('A map literal must contain an even number of forms', node);
    const prefix = node.prefix;
    const keys: Code[] = [];
    const vals: Code[] = [];
    for (let i = 0; i < codes.length; i += 2) {
      let k = codes[i]!;
      const kc = consts[i];
      if (prefix !== null && kc !== undefined && kc.v instanceof Keyword && kc.v.ns === null) k = constant(Keyword.of(kc.v.name, prefix));
      keys.push(k);
      vals.push(codes[i + 1]!);
    }
    const constKeys = keys.map(constantOf);
    if (constKeys.every((c) => c !== undefined)) {
      const ks = constKeys.map((c) => c!.v);
      const seen = ISet(ks);
      if (seen.size !== ks.length) throw compileError(`Duplicate key in map literal: ${this.text(node)}`, node);
      if (allConst || vals.every((v) => constantOf(v) !== undefined)) {
        return constant(keys.length === 0 ? EMPTY_MAP : EMPTY_MAP.withMutations((m) => ks.forEach((k, i) => m.set(k, constantOf(vals[i]!)!.v))));
      }
      const n = ks.length;
      return (f: Frame) => {
        const m = EMPTY_MAP.asMutable();
        for (let i = 0; i < n; i++) m.set(ks[i]!, vals[i]!(f));
        return m.asImmutable();
      };
    }
    const n = keys.length;
    return (f: Frame) => {
      const m = IMap<Value, Value>().asMutable();
      for (let i = 0; i < n; i++) {
        const k = keys[i]!(f);
        if (m.has(k)) duplicateKey(`Duplicate key ${describe(k)} in map literal: ${this.text(node)}`, node);
        m.set(k, vals[i]!(f));
      }
      return m.asImmutable();
    };
  }
}

function duplicateKey(message: string, at: Node): never {
  throw new InterpError(message, at.start, at.end, { javaClass: 'java.lang.IllegalArgumentException' });
}
