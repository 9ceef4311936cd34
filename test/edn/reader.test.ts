// The EDN reader, printer, conversion, navigation and line index. Cases are text with `|`
// markers: `|...|` is the range a node or a finding must have, extra bars mark inner parts.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEDNString } from 'edn-data';
import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { MAX_DEPTH, readEdn } from '../../engine/edn/reader';
import {
  childrenOf,
  isColl,
  keywordText,
  symbolText,
  unwrapMeta,
  type CollNode,
  type KeywordNode,
  type MetaNode,
  type Node,
  type NumberKind,
  type NumberNode,
  type SymbolNode,
  type TaggedNode,
  type WrapNode,
} from '../../engine/edn/nodes';
import { ConversionError, nodeToValue, tryNodeToValue } from '../../engine/edn/convert';
import { printNode, printString, printValue, valueToJson } from '../../engine/edn/printer';
import { mapEntries, mapGet, mapKey, nodeAt, pathAt, walk } from '../../engine/edn/navigate';
import { LineIndex } from '../../engine/edn/positions';
import { Char, Keyword, Regex, Sym, Tagged, kw, type Value } from '../../engine/edn/values';
import { parseMarkers, withCaret, withRange } from '../support/markers';
import { allNodes, exampleFlows, findSpan, strip, treeDepth } from './support';

/** Reads marked text that must read cleanly; returns the node of `kind` at the `|range|`. */
function spanned(source: string, kind: Node['kind']): { node: Node; text: string } {
  const { text, start, end } = withRange(source);
  const parsed = readEdn(text);
  assert.deepEqual(parsed.findings, [], `findings for ${JSON.stringify(text)}`);
  const node = findSpan(parsed.forms, start, end, kind);
  assert.ok(node, `no ${kind} node at ${start}-${end} in ${JSON.stringify(text)}; got ${JSON.stringify(allNodes(parsed.forms).map((n) => [n.kind, n.start, n.end]))}`);
  return { node, text };
}

/** Reads text that must read cleanly into exactly one form. */
function one(text: string): Node {
  const parsed = readEdn(text);
  assert.deepEqual(parsed.findings, [], `findings for ${JSON.stringify(text)}`);
  assert.equal(parsed.forms.length, 1, `forms in ${JSON.stringify(text)}`);
  return parsed.forms[0]!;
}

describe('reader: positions of every node kind', () => {
  const collections: [string, CollNode['kind'], string | null][] = [
    ['|(a b)|', 'list', null],
    ['x |[1 2]| y', 'vector', null],
    ['|{:a 1, :b 2}|', 'map', null],
    ['[|#{1 2}|]', 'set', null],
    ['(map |#(inc %)| xs)', 'fn', null],
    ['|#:flow{:a 1 :b/c 2}|', 'map', 'flow'],
    ['|()|', 'list', null],
    ['|{}|', 'map', null],
  ];
  for (const [source, kind, prefix] of collections) {
    test(`${kind} ${source}`, () => {
      const { node } = spanned(source, kind);
      assert.ok(isColl(node));
      assert.equal(node.closed, true);
      assert.equal(node.prefix, prefix);
    });
  }

  test('children of a collection carry their own ranges, in order', () => {
    const { text, carets } = parseMarkers('(|foo| |:k| |"s"| |[1]|)');
    const list = one(text) as CollNode;
    assert.deepEqual(
      list.children.map((c) => [c.kind, c.start, c.end]),
      [
        ['symbol', carets[0], carets[1]],
        ['keyword', carets[2], carets[3]],
        ['string', carets[4], carets[5]],
        ['vector', carets[6], carets[7]],
      ],
    );
  });

  test('namespaced map keeps its keys unqualified in the nodes and qualifies them as values', () => {
    const { node } = spanned('|#:flow{:a 1 :b/c 2}|', 'map');
    const v = nodeToValue(node) as IMap<Value, Value>;
    assert.equal(v.get(kw('a', 'flow')), 1);
    assert.equal(v.get(kw('c', 'b')), 2);
  });

  const keywords: [string, string | null, string, boolean][] = [
    ['{|:a| 1}', null, 'a', false],
    ['[|:order-id|]', null, 'order-id', false],
    ['(|:flow/step|)', 'flow', 'step', false],
    ['|::auto|', null, 'auto', true],
    ['|::alias/x|', 'alias', 'x', true],
    ['|:approval->status|', null, 'approval->status', false],
    ['|:a.b/c-d?|', 'a.b', 'c-d?', false],
  ];
  for (const [source, ns, name, auto] of keywords) {
    test(`keyword ${source}`, () => {
      const { node, text } = spanned(source, 'keyword');
      const k = node as KeywordNode;
      assert.deepEqual([k.ns, k.name, k.auto], [ns, name, auto]);
      assert.equal(keywordText(k), text.slice(k.start, k.end));
    });
  }

  const symbols: [string, string | null, string][] = [
    ['(|foo| 1)', null, 'foo'],
    ['(|flow/step| :http)', 'flow', 'step'],
    ['(|clojure.core//| 4 2)', 'clojure.core', '/'],
    ['(|/| 4 2)', null, '/'],
    ['(|->| x)', null, '->'],
    ['[|-| +]', null, '-'],
    ['(|.method| x)', null, '.method'],
    ['#(|%1|)', null, '%1'],
  ];
  for (const [source, ns, name] of symbols) {
    test(`symbol ${source}`, () => {
      const { node, text } = spanned(source, 'symbol');
      const s = node as SymbolNode;
      assert.deepEqual([s.ns, s.name], [ns, name]);
      assert.equal(symbolText(s), text.slice(s.start, s.end));
    });
  }

  test('string with every escape', () => {
    const { node } = spanned(String.raw`[|"q\" bs\\ n\n t\t r\r b\b f\f u\u00e9\u0041 o\101\7 z\0 end"| :x]`, 'string');
    assert.equal((node as { value: string }).value, 'q" bs\\ n\n t\t r\r b\b f\f uéA oA\x07 z\0 end');
  });

  test('string positions count UTF-16 code units', () => {
    const { text, carets } = parseMarkers('|"😀é"| |:a|');
    const forms = readEdn(text).forms;
    assert.deepEqual(forms.map((f) => [f.start, f.end]), [[carets[0], carets[1]], [carets[2], carets[3]]]);
    assert.equal(carets[1], 5);
  });

  test('string spanning lines keeps its line breaks', () => {
    const { node } = spanned('|"a\nb"|', 'string');
    assert.equal((node as { value: string }).value, 'a\nb');
  });

  const numbers: [string, NumberKind, number, bigint | null][] = [
    ['0', 'int', 0, null],
    ['42', 'int', 42, null],
    ['-7', 'int', -7, null],
    ['+1', 'int', 1, null],
    ['123456789012345', 'int', 123456789012345, null],
    ['1234567890123456', 'int', 1234567890123456, null],
    ['1.5', 'float', 1.5, null],
    ['-2.5e-3', 'float', -0.0025, null],
    ['1e10', 'float', 1e10, null],
    ['1E+2', 'float', 100, null],
    ['1/2', 'ratio', 0.5, null],
    ['-3/4', 'ratio', -0.75, null],
    ['1N', 'bigint', 1, 1n],
    ['-12N', 'bigint', -12, -12n],
    ['1.5M', 'decimal', 1.5, null],
    ['7M', 'decimal', 7, null],
    ['0x1F', 'int', 31, null],
    ['-0x10', 'int', -16, null],
    ['0x1FN', 'bigint', 31, 31n],
    ['017', 'int', 15, null],
    ['2r101', 'int', 5, null],
    ['36rZZ', 'int', 1295, null],
    ['9007199254740993', 'bigint', 9007199254740992, 9007199254740993n],
    ['-123456789012345678901234567890', 'bigint', -123456789012345678901234567890, -123456789012345678901234567890n],
    ['0xFFFFFFFFFFFFFFFFFF', 'bigint', 0xffffffffffffffffff, 0xffffffffffffffffffn],
  ];
  for (const [written, numberKind, value, big] of numbers) {
    test(`number ${written}`, () => {
      const { node } = spanned(`[:n |${written}| :m]`, 'number');
      const n = node as NumberNode;
      assert.equal(n.numberKind, numberKind);
      assert.equal(n.value, value);
      assert.equal(n.big, big);
    });
  }

  test('big integers stay exact through conversion and printing', () => {
    const n = one('123456789012345678901234567890');
    assert.equal(nodeToValue(n), 123456789012345678901234567890n);
    assert.equal(printNode(n), '123456789012345678901234567890N');
  });

  const chars: [string, string][] = [
    [String.raw`\a`, 'a'],
    [String.raw`\newline`, '\n'],
    [String.raw`\space`, ' '],
    [String.raw`\tab`, '\t'],
    [String.raw`\return`, '\r'],
    [String.raw`\backspace`, '\b'],
    [String.raw`\formfeed`, '\f'],
    [String.raw`\u0041`, 'A'],
    [String.raw`\o101`, 'A'],
    [String.raw`\(`, '('],
    [String.raw`\)`, ')'],
    [String.raw`\\`, '\\'],
    [String.raw`\"`, '"'],
    [String.raw`\,`, ','],
    [String.raw`\😀`, '😀'],
  ];
  for (const [written, value] of chars) {
    test(`char ${written}`, () => {
      const { node } = spanned(`(str |${written}|)`, 'char');
      assert.equal((node as { value: string }).value, value);
    });
  }

  test('a char right before a closer ends at the closer', () => {
    const list = one(String.raw`(\()`) as CollNode;
    assert.equal(list.end, 4);
    assert.deepEqual(list.children.map((c) => [c.kind, c.start, c.end]), [['char', 1, 3]]);
  });

  test('nil, true, false', () => {
    assert.equal(spanned('[|nil| 1]', 'nil').node.kind, 'nil');
    assert.equal((spanned('[|true|]', 'boolean').node as { value: boolean }).value, true);
    assert.equal((spanned('{:a |false|}', 'boolean').node as { value: boolean }).value, false);
    // Only the exact words: longer tokens are symbols.
    assert.equal(spanned('[|nilly|]', 'symbol').node.kind, 'symbol');
    assert.equal(spanned('[|true?|]', 'symbol').node.kind, 'symbol');
  });

  test('##Inf ##-Inf ##NaN', () => {
    assert.equal((spanned('[|##Inf|]', 'symbolic').node as { value: number }).value, Infinity);
    assert.equal((spanned('[|##-Inf| 1]', 'symbolic').node as { value: number }).value, -Infinity);
    assert.ok(Number.isNaN((spanned('(|##NaN|)', 'symbolic').node as { value: number }).value));
  });

  test('regex keeps its pattern as written', () => {
    const { node } = spanned(String.raw`(re-find |#"a\d+\"x"| s)`, 'regex');
    assert.equal((node as { pattern: string }).pattern, String.raw`a\d+\"x`);
  });

  const wraps: [string, WrapNode['kind']][] = [
    ["|'|a|", 'quote'],
    ["|'|(a b)|", 'quote'],
    ['|`|a|', 'syntax-quote'],
    ['`(f |~|x|)', 'unquote'],
    ['`(f |~@|xs|)', 'unquote-splicing'],
    ['(|@|state|)', 'deref'],
    ["(|#'|my-var|)", 'var'],
  ];
  for (const [source, kind] of wraps) {
    test(`${kind} ${source}`, () => {
      const { text, carets } = parseMarkers(source);
      const [start, formStart, end] = carets as [number, number, number];
      const parsed = readEdn(text);
      assert.deepEqual(parsed.findings, []);
      const node = findSpan(parsed.forms, start, end, kind) as WrapNode | undefined;
      assert.ok(node, `no ${kind} at ${start}-${end}`);
      assert.ok(node.form);
      assert.deepEqual([node.form.start, node.form.end], [formStart, end]);
    });
  }

  test('quoted flow body: the quote wraps the whole list', () => {
    const { text, carets } = parseMarkers("{:flow\n |'|(let [x (flow/input)]\n   x)|}");
    const map = one(text) as CollNode;
    const q = map.children[1] as WrapNode;
    assert.equal(q.kind, 'quote');
    assert.deepEqual([q.start, q.form!.start, q.end, q.form!.end], [carets[0], carets[1], carets[2], carets[2]]);
  });

  const metas: [string, string][] = [
    ['|^|{:label "x" :yes "a"}| |(if a b c)|', 'map'],
    ['|^|:private| |x|', 'keyword'],
    ['[|^|String| |s|]', 'symbol'],
  ];
  for (const [source, metaKind] of metas) {
    test(`meta ${source}`, () => {
      const { text, carets } = parseMarkers(source);
      const [start, metaStart, metaEnd, formStart, end] = carets as [number, number, number, number, number];
      const parsed = readEdn(text);
      assert.deepEqual(parsed.findings, []);
      const node = findSpan(parsed.forms, start, end, 'meta') as MetaNode | undefined;
      assert.ok(node);
      assert.equal(node.meta.kind, metaKind);
      assert.deepEqual([node.meta.start, node.meta.end], [metaStart, metaEnd]);
      assert.deepEqual([node.form!.start, node.form!.end], [formStart, end]);
    });
  }

  test('stacked metadata nests, and unwrapMeta finds the annotated form', () => {
    const node = one('^:a ^{:b 1} (if x y z)') as MetaNode;
    assert.equal(node.kind, 'meta');
    assert.equal(node.form!.kind, 'meta');
    assert.equal(unwrapMeta(node)!.kind, 'list');
    assert.deepEqual([node.start, node.end], [0, 22]);
  });

  const tagged: [string, string, string][] = [
    ['|#inst |"2024-01-01T00:00:00Z"|', 'inst', '2024-01-01T00:00:00Z'],
    ['{:token |#env |"API_TOKEN"|}', 'env', 'API_TOKEN'],
    ['[|#flow/include |"x.edn"|]', 'flow/include', 'x.edn'],
    ['|#uuid|"6f1c6c3e-2f1b-4c55-9f5e-2b1f0c6d1a2b"|', 'uuid', '6f1c6c3e-2f1b-4c55-9f5e-2b1f0c6d1a2b'],
  ];
  for (const [source, tag, value] of tagged) {
    test(`tagged ${source}`, () => {
      const { text, carets } = parseMarkers(source);
      const [start, formStart, end] = carets as [number, number, number];
      const parsed = readEdn(text);
      assert.deepEqual(parsed.findings, []);
      const node = findSpan(parsed.forms, start, end, 'tagged') as TaggedNode | undefined;
      assert.ok(node);
      assert.equal(node.tag, tag);
      assert.deepEqual([node.form!.start, node.form!.end], [formStart, end]);
      assert.deepEqual(nodeToValue(node), new Tagged(tag, value));
    });
  }

  test('discard drops the next form, and chained #_ #_ drop two', () => {
    const { text, carets } = parseMarkers('[#_ a |b|] [#_ #_ a b |c|] [#_(x (y)) |:z|] #_ {:gone 1} |top|');
    const forms = readEdn(text);
    assert.deepEqual(forms.findings, []);
    assert.equal(forms.forms.length, 4);
    const kids = forms.forms.slice(0, 3).map((v) => (v as CollNode).children.map((c) => [c.start, c.end]));
    assert.deepEqual(kids, [[[carets[0], carets[1]]], [[carets[2], carets[3]]], [[carets[4], carets[5]]]]);
    assert.deepEqual([forms.forms[3]!.start, forms.forms[3]!.end], [carets[6], carets[7]]);
  });

  test('discard inside a map keeps the map even', () => {
    const map = one('{:a 1 #_ :b #_ 2 :c 3}') as CollNode;
    assert.equal(map.children.length, 4);
  });

  test('comments: ; to end of line and #! lines', () => {
    const { text, carets } = parseMarkers('#!/usr/bin/env bb\n; a comment (with [delimiters\n|x| ;; trailing "quote\n|:y|;no newline at end');
    const parsed = readEdn(text);
    assert.deepEqual(parsed.findings, []);
    assert.deepEqual(parsed.forms.map((f) => [f.kind, f.start, f.end]), [['symbol', carets[0], carets[1]], ['keyword', carets[2], carets[3]]]);
  });

  test('commas are whitespace', () => {
    const list = one('[1,2,,3 ,]') as CollNode;
    assert.deepEqual(list.children.map((c) => (c as NumberNode).value), [1, 2, 3]);
  });
});

// ---- recovery --------------------------------------------------------------------------------

interface RecoveryCase {
  name: string;
  /** Text with one `|range|` per expected finding, in order. */
  source: string;
  codes: string[];
  /** Further checks on the forms. */
  check?: (forms: Node[], text: string) => void;
}

const recoveryCases: RecoveryCase[] = [
  {
    name: 'unclosed ( inside a let binding vector: one finding, later bindings still siblings',
    source: [
      '{:flow',
      " '(let [input (flow/input)",
      '        order |(|flow/step :http :fetch-order {:method :get}',
      '        risk (flow/step :http :fetch-risk {:method :get})]',
      '    risk)}',
    ].join('\n'),
    codes: ['unbalanced-delimiter'],
    check: (forms) => {
      assert.equal(forms.length, 1);
      const map = forms[0] as CollNode;
      assert.equal(map.closed, true);
      const body = (map.children[1] as WrapNode).form as CollNode;
      assert.equal(body.kind, 'list');
      assert.equal(body.closed, true);
      assert.equal(body.children.length, 3, 'let, bindings, body');
      const bindings = body.children[1] as CollNode;
      assert.equal(bindings.kind, 'vector');
      assert.equal(bindings.closed, true);
      assert.deepEqual(
        bindings.children.map((c) => c.kind),
        ['symbol', 'list', 'symbol', 'list', 'symbol', 'list'],
      );
      const open = bindings.children[3] as CollNode;
      assert.equal(open.closed, false);
      assert.equal(open.children.length, 4, 'flow/step :http :fetch-order {...}');
      assert.equal(symbolText(bindings.children[4] as SymbolNode), 'risk');
      assert.equal((bindings.children[5] as CollNode).closed, true);
    },
  },
  {
    name: 'unclosed map value: the next key at the map indentation goes back to the map',
    source: '{:a |(|foo 1\n :b 2}',
    codes: ['unbalanced-delimiter'],
    check: (forms) => {
      const map = forms[0] as CollNode;
      assert.equal(map.children.length, 4);
      assert.equal((map.children[1] as CollNode).end, 10, 'ends after `1`');
    },
  },
  {
    name: 'stray ] : one finding at it, the rest is read',
    source: '{:a 1} |]| {:b [2 3]}',
    codes: ['unbalanced-delimiter'],
    check: (forms) => {
      assert.equal(forms.length, 2);
      assert.ok(forms.every((f) => (f as CollNode).closed));
    },
  },
  {
    name: 'stray ) inside a vector is skipped',
    source: '[1 |)| 2]',
    codes: ['unbalanced-delimiter'],
    check: (forms) => assert.equal((forms[0] as CollNode).children.length, 2),
  },
  {
    name: 'unclosed at end of file',
    source: '|{|:a 1 :b [1 2]',
    codes: ['unbalanced-delimiter'],
    check: (forms, text) => {
      const map = forms[0] as CollNode;
      assert.equal(map.closed, false);
      assert.equal(map.end, text.length, 'ends at its last child');
      assert.equal(map.children.length, 4);
    },
  },
  {
    name: 'two unclosed at end of file: both reported at their openers',
    source: '|{|:a |[|1 2',
    codes: ['unbalanced-delimiter', 'unbalanced-delimiter'],
  },
  {
    name: 'unclosed #{ and #( report the whole opener',
    source: '[|#{|1 |#(|inc %]',
    codes: ['unbalanced-delimiter', 'unbalanced-delimiter'],
  },
  {
    name: 'mismatched closer closes the outer collection; the inner opener is reported',
    source: '[1 |(|2 3]',
    codes: ['unbalanced-delimiter'],
    check: (forms) => {
      const v = forms[0] as CollNode;
      assert.equal(v.closed, true);
      assert.equal((v.children[1] as CollNode).closed, false);
    },
  },
  {
    name: 'closer that matches nothing open inside a list',
    source: '(a |]|)',
    codes: ['unbalanced-delimiter'],
    check: (forms) => assert.equal((forms[0] as CollNode).closed, true),
  },
  {
    name: '#= is rejected',
    source: '{:a |#= (java.lang.System/exit 0)|}',
    codes: ['reader-eval-forbidden'],
    check: (forms) => {
      const map = forms[0] as CollNode;
      assert.equal(map.children.length, 2);
      assert.equal(map.children[1]!.kind, 'error');
    },
  },
  {
    name: 'unterminated string: reported at the opening quote',
    source: '|"|abc\n:more',
    codes: ['unterminated-string'],
    check: (forms, text) => {
      assert.equal(forms.length, 1);
      assert.deepEqual([forms[0]!.end, (forms[0] as { closed: boolean }).closed], [text.length, false]);
    },
  },
  {
    name: 'unterminated string inside a vector',
    source: '|[|:a |"|abc]',
    codes: ['unbalanced-delimiter', 'unterminated-string'],
  },
  {
    name: 'unterminated regex',
    source: '|#"|a+',
    codes: ['unterminated-string'],
  },
  {
    name: 'odd map entries: at the dangling key',
    source: '{:a 1 |:b|}',
    codes: ['odd-map-entries'],
  },
  {
    name: 'odd map entries with a collection key',
    source: '{:a 1\n |[1 2]|}',
    codes: ['odd-map-entries'],
  },
  { name: 'bad number 1.2.3', source: '[|1.2.3|]', codes: ['syntax-error'] },
  { name: 'bad number 08', source: '[|08|]', codes: ['syntax-error'] },
  { name: 'bad number 12abc', source: '[|12abc| 1]', codes: ['syntax-error'] },
  { name: 'bad number 1/0', source: '|1/0|', codes: ['syntax-error'] },
  { name: 'bad radix 37r1', source: '|37r1|', codes: ['syntax-error'] },
  { name: 'bad digit for radix', source: '|2r102|', codes: ['syntax-error'] },
  { name: 'bad char', source: String.raw`(str |\foo|)`, codes: ['syntax-error'] },
  { name: 'bad unicode char', source: String.raw`|\u12|`, codes: ['syntax-error'] },
  { name: 'backslash at end of file', source: '[1] |\\|', codes: ['syntax-error'] },
  { name: 'lone #', source: '[|#| a]', codes: ['syntax-error'] },
  { name: 'lone # at end of file', source: '|#|', codes: ['syntax-error'] },
  { name: ': alone', source: '{|:| 1}', codes: ['syntax-error'] },
  { name: 'keyword ending in /', source: '|:a/|', codes: ['syntax-error'] },
  { name: 'symbol ending in /', source: '(|a/|)', codes: ['syntax-error'] },
  { name: 'unknown symbolic value', source: '|##Foo|', codes: ['syntax-error'] },
  { name: 'tag not starting with a letter', source: '|#1| 2', codes: ['syntax-error'] },
  { name: 'bad string escape', source: String.raw`"a|\x|b"`, codes: ['syntax-error'] },
  { name: 'bad unicode escape in a string', source: String.raw`"a|\u|12"`, codes: ['syntax-error'] },
  {
    name: 'quote before a closer',
    source: "(a |'|)",
    codes: ['syntax-error'],
    check: (forms) => assert.equal((forms[0] as CollNode).children[1]!.kind, 'quote'),
  },
  { name: 'metadata without a form', source: '(b |^:x|)', codes: ['syntax-error'] },
  { name: '^ at end of file', source: '|^|', codes: ['syntax-error'] },
  { name: 'tag without a form', source: '(c |#inst|)', codes: ['syntax-error'] },
  { name: 'discard at end of file', source: '1 |#_|', codes: ['syntax-error'] },
  { name: 'reader conditional without a list', source: '|#?| x', codes: ['syntax-error'] },
  { name: 'namespaced map without a map', source: '|#:| {}', codes: ['syntax-error'] },
];

describe('reader: recovery', () => {
  for (const c of recoveryCases) {
    test(c.name, () => {
      const { text, carets } = parseMarkers(c.source);
      assert.equal(carets.length, c.codes.length * 2, 'one |range| per expected finding');
      const parsed = readEdn(text);
      const expected = c.codes.map((code, k) => ({ code, start: carets[2 * k], end: carets[2 * k + 1] }));
      assert.deepEqual(
        parsed.findings.map((f) => ({ code: f.code, start: f.start, end: f.end })),
        expected,
        parsed.findings.map((f) => f.message).join('\n'),
      );
      for (const f of parsed.findings) {
        assert.equal(f.severity, 'error');
        assert.ok(f.message.length > 0);
      }
      c.check?.(parsed.forms, text);
    });
  }

  test('unbalanced-delimiter findings are one line long, never to the end of file', () => {
    const text = '{:a (foo\n :b [1 2\n :c 3}\n' + '(x y)\n'.repeat(50);
    for (const f of readEdn(text).findings) {
      assert.equal(f.code, 'unbalanced-delimiter');
      assert.ok(f.end - f.start <= 2, `${f.start}-${f.end}`);
    }
  });

  test('reading never throws', () => {
    const nasty = [
      '', ' ', '(', ')', '[', ']', '{', '}', '"', '\\', '#', '##', '#_', '#=', '#?', '#?@', '#:', '#::', '^', "'", '`', '~', '~@', '@',
      ':', '::', ':/', '/', '#"', '#"\\', '"\\', '"\\u', '"\\u12', '\\u', '\\o', '1/', '0x', '2r', '1e', '1N2', '-', '+', '.', '#inst',
      '#{', '#(', '#?(', '#:a', '#:a{', '^{', '^:', "#'", '{:a', '{:a 1 :b', '(((', ')))', ']]]', '}}}', '"""', '\\\\\\', '\u0000',
      '\ud800', '(\ud83d', '#\ud83d', ':\udc00', '\\\ud800', '; only a comment', '#!', '#_ #_ #_ x', '^^^^', "''''", '#=#=#=',
      '##Inf##NaN', '#?(:clj 1', '#:ns{:a', '1.5M2', '0x1FM', '36rZZZN', '99999999999999999999999999/3', '1/99999999999999999999999',
    ];
    for (const text of nasty) {
      const parsed = readEdn(text);
      for (const f of parsed.findings) assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, JSON.stringify([text, f]));
    }
  });

  test(`nesting deeper than MAX_DEPTH (${MAX_DEPTH}) is refused with one finding, and the tree stays shallow`, () => {
    const ok = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
    const okParsed = readEdn(ok);
    assert.deepEqual(okParsed.findings, []);
    assert.equal(treeDepth(okParsed.forms), MAX_DEPTH);

    const n = 20000;
    for (const text of ['['.repeat(n) + ']'.repeat(n), '('.repeat(n), "'".repeat(n) + 'x', '^:m '.repeat(n) + 'x', '#{'.repeat(n) + '}'.repeat(n)]) {
      const parsed = readEdn(text);
      const deep = parsed.findings.filter((f) => f.code === 'syntax-error');
      assert.equal(deep.length, 1, `${text.slice(0, 6)}: ${JSON.stringify(parsed.findings.slice(0, 3))}`);
      assert.match(deep[0]!.message, /Nesting deeper than/);
      assert.ok(treeDepth(parsed.forms) <= MAX_DEPTH + 1, `depth ${treeDepth(parsed.forms)}`);
      // Consumers walk recursively: they must not overflow the stack.
      for (const form of parsed.forms) {
        printNode(form);
        assert.equal(tryNodeToValue(form), undefined);
        walk([form], () => undefined);
      }
    }
  });
});

// ---- examples -------------------------------------------------------------------------------

describe('reader: example flows', () => {
  const examples = exampleFlows();
  test('there are example flows', () => assert.ok(examples.length >= 10, `found ${examples.length}`));
  for (const ex of examples) {
    test(`${ex.name} reads cleanly into one map`, () => {
      const parsed = readEdn(ex.text);
      assert.deepEqual(parsed.findings, []);
      assert.equal(parsed.forms.length, 1);
      assert.equal(parsed.forms[0]!.kind, 'map');
      assert.equal(mapGet(parsed.forms[0], 'slug')?.kind, 'keyword');
      // `'(...)` or `(quote (...))`.
      assert.ok(['quote', 'list'].includes(mapGet(parsed.forms[0], 'flow')?.kind ?? ''));
    });
  }
});

// ---- printer --------------------------------------------------------------------------------

describe('printer', () => {
  for (const ex of exampleFlows()) {
    test(`printNode round-trips ${ex.name}`, () => {
      const parsed = readEdn(ex.text);
      for (const form of parsed.forms) {
        const printed = printNode(form);
        const again = readEdn(printed);
        assert.deepEqual(again.findings, [], printed);
        assert.equal(again.forms.length, 1);
        assert.deepEqual(strip(again.forms[0]!), strip(form));
      }
    });
  }

  test('printNode round-trips every node kind', () => {
    const text = String.raw`(a ns/b clojure.core// :k :n/k ::auto "s\"\n\t\\" \a \newline \space \( 1 -2 1.5 1.0 1e10 1N 1.5M 123456789012345678901234567890 nil true false ##Inf ##-Inf ##NaN #"a\d" 'q ` + '`sq' + String.raw` ~u ~@us @d #'v ^{:m 1} x ^:k y #inst "2020" #env "X" #{1} #(inc %) #?(:clj 1) #?@(:clj [2]) #:ns{:a 1} {:a [1 (2)]})`;
    const form = one(text);
    const again = one(printNode(form));
    assert.deepEqual(strip(again), strip(form));
  });

  test('printNode keeps floats floats', () => {
    assert.equal(printNode(one('1.0')), '1.0');
    assert.equal((one(printNode(one('1e10'))) as NumberNode).numberKind, 'float');
    assert.equal(printNode(one('2.5')), '2.5');
  });

  const values: [string, Value, string][] = [
    ['keyword', kw('order-id'), ':order-id'],
    ['qualified keyword', kw('step', 'flow'), ':flow/step'],
    ['string with escapes', 'q" b\\ n\n t\t r\r', String.raw`"q\" b\\ n\n t\t r\r"`],
    ['string with backspace and formfeed', 'b\b f\f', String.raw`"b\b f\f"`],
    ['unicode string', 'é😀', '"é😀"'],
    ['nil', null, 'nil'],
    ['booleans', List([true, false]), '[true false]'],
    ['numbers', List([1, -2.5, Infinity, -Infinity]), '[1 -2.5 ##Inf ##-Inf]'],
    ['NaN', NaN, '##NaN'],
    ['bigint', 123456789012345678901234567890n, '123456789012345678901234567890N'],
    ['chars', List([new Char('a'), new Char('\n'), new Char(' '), new Char('\t')]), String.raw`[\a \newline \space \tab]`],
    ['symbol', new Sym('flow', 'step'), 'flow/step'],
    ['regex', new Regex('a\\d'), String.raw`#"a\d"`],
    ['tagged', new Tagged('inst', '2024-01-01'), '#inst "2024-01-01"'],
    ['list', Stack([new Sym(null, 'inc'), 1]), '(inc 1)'],
    ['set', ISet([kw('a')]), '#{:a}'],
    ['nested', IMap<Value, Value>([[kw('a'), List([IMap<Value, Value>([[kw('b'), ISet([1])]]), Stack(['x'])])]]), '{:a [{:b #{1}} ("x")]}'],
    ['map entries', IMap<Value, Value>([[kw('a'), 1], [kw('b'), 2]]), '{:a 1, :b 2}'],
  ];
  for (const [name, value, printed] of values) {
    test(`printValue ${name}`, () => {
      assert.equal(printValue(value), printed);
    });
    test(`printValue ${name} reads back to the same value`, () => {
      const node = one(printed);
      const back = nodeToValue(node);
      if (typeof value === 'number' && Number.isNaN(value)) assert.ok(Number.isNaN(back));
      else assert.equal(printValue(back), printed);
    });
  }

  test('printString escapes what the reader unescapes', () => {
    const s = 'all: " \\ \n \t \r \b \f \u0001 é';
    assert.equal((one(printString(s)) as { value: string }).value, s);
  });
});

// ---- convert --------------------------------------------------------------------------------

describe('convert', () => {
  test('nodeToValue on data', () => {
    const v = nodeToValue(one('{:a [1 "two" :three nil true] :b #{1} :c (x y) :d {"k" 2.5} :e \\z :f 10N}'));
    assert.ok(IMap.isMap(v));
    const m = v as IMap<Value, Value>;
    assert.ok(List.isList(m.get(kw('a'))));
    assert.deepEqual((m.get(kw('a')) as List<Value>).toArray(), [1, 'two', kw('three'), null, true]);
    assert.ok(ISet.isSet(m.get(kw('b'))));
    assert.ok(Stack.isStack(m.get(kw('c'))));
    assert.equal(((m.get(kw('d')) as IMap<Value, Value>).get('k')), 2.5);
    assert.deepEqual(m.get(kw('e')), new Char('z'));
    assert.equal(m.get(kw('f')), 10n);
  });

  test('keywords are interned', () => {
    assert.equal(nodeToValue(one(':flow/step')), Keyword.of('step', 'flow'));
  });

  test('quote and friends become lists headed by their symbol', () => {
    assert.equal(printValue(nodeToValue(one("'x"))), '(quote x)');
    assert.equal(printValue(nodeToValue(one('@x'))), '(clojure.core/deref x)');
    assert.equal(printValue(nodeToValue(one('^:m [1]'))), '[1]');
  });

  test('reader conditionals pick the first :clj or :default branch; none leaves nothing', () => {
    assert.equal(nodeToValue(one('#?(:cljs 1 :clj 2)')), 2);
    assert.equal(nodeToValue(one('#?(:cljs 1 :default 3)')), 3);
    assert.equal(nodeToValue(one('#?(:default 3 :clj 2)')), 3);
    assert.equal(readEdn('#?(:cljs 1)').forms.length, 0);
    assert.equal(printValue(nodeToValue(one('[0 #?(:cljs 1) 2]'))), '[0 2]');
  });

  test('splicing reader conditionals splice the :clj branch, keeping map parity', () => {
    assert.equal(printValue(nodeToValue(one('[0 #?@(:clj [1 2] :cljs [3]) 4]'))), '[0 1 2 4]');
    const parsed = readEdn('{:a 1 #?@(:clj [:b 2] :cljs [:c]) :d 3}');
    assert.deepEqual(parsed.findings, []);
    assert.equal(printValue(nodeToValue(parsed.forms[0]!)), '{:a 1, :b 2, :d 3}');
    assert.equal(readEdn('{:a 1 #?@(:clj [:b]) }').findings[0]?.code, 'odd-map-entries');
  });

  test('a conditional nested in an inactive branch stays one form there', () => {
    assert.equal(nodeToValue(one('#?(:cljs #?(:cljs x) :clj 2)')), 2);
    assert.equal(nodeToValue(one('#?(:cljs ^:m #?(:bb map) :clj 2)')), 2);
    assert.equal(nodeToValue(one('#?(:clj #?(:clj 5))')), 5);
  });

  test('legacy #^ metadata reads like ^', () => {
    const node = one('#^String x');
    assert.equal(node.kind, 'meta');
    assert.deepEqual(readEdn('#^String x').findings, []);
  });

  test('error nodes make conversion fail', () => {
    const parsed = readEdn('[1 1.2.3]');
    assert.throws(() => nodeToValue(parsed.forms[0]!), ConversionError);
    assert.equal(tryNodeToValue(parsed.forms[0]!), undefined);
  });

  // Differential test against edn-data on generated plain data.
  type Plain =
    | { t: 'nil' }
    | { t: 'bool'; v: boolean }
    | { t: 'int'; v: number }
    | { t: 'str'; v: string }
    | { t: 'kw'; v: string }
    | { t: 'vec' | 'list' | 'set'; v: Plain[] }
    | { t: 'map'; v: [Plain, Plain][] };

  const name = fc.stringMatching(/^[a-z][a-z0-9*!?<>=-]{0,8}$/);
  const keywordArb: fc.Arbitrary<Plain> = fc
    .tuple(fc.option(name, { nil: null, freq: 3 }), name)
    .map(([ns, n]) => ({ t: 'kw', v: ns === null ? n : `${ns}/${n}` }) as Plain);
  const scalar: fc.Arbitrary<Plain> = fc.oneof(
    fc.constant({ t: 'nil' } as Plain),
    fc.boolean().map((v) => ({ t: 'bool', v }) as Plain),
    fc.oneof(fc.integer(), fc.maxSafeInteger()).map((v) => ({ t: 'int', v: v === 0 ? 0 : v }) as Plain),
    fc.string({ unit: 'binary', maxLength: 12 }).map((v) => ({ t: 'str', v }) as Plain),
    keywordArb,
  );
  const mapKeyArb = fc.oneof(keywordArb, fc.string({ maxLength: 6 }).map((v) => ({ t: 'str', v }) as Plain), fc.integer().map((v) => ({ t: 'int', v }) as Plain));
  const { plain } = fc.letrec<{ plain: Plain }>((tie) => ({
    plain: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('plain'), { maxLength: 5 }).map((v) => ({ t: 'vec', v }) as Plain),
      fc.array(tie('plain'), { maxLength: 5 }).map((v) => ({ t: 'list', v }) as Plain),
      fc.array(scalar, { maxLength: 5 }).map((v) => ({ t: 'set', v }) as Plain),
      fc.array(fc.tuple(mapKeyArb, tie('plain')), { maxLength: 5 }).map((v) => ({ t: 'map', v }) as Plain),
    ),
  }));
  // Separators between forms: whitespace, commas, comments and discarded scalars.
  const sep = fc.constantFrom(' ', '\n', ', ', '\t', ' ; note (]\n', '  ', ' #_ 42 ', ' #_:x ');

  function escapeString(s: string, useUnicode: boolean[]): string {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      const simple: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
      if (simple[ch] !== undefined) out += simple[ch];
      else if (useUnicode[i % useUnicode.length]) out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
      else out += ch;
    }
    return out + '"';
  }

  function printPlain(p: Plain, seps: string[], uni: boolean[], k = { i: 0 }): string {
    const s = () => seps[k.i++ % seps.length]!;
    switch (p.t) {
      case 'nil':
        return 'nil';
      case 'bool':
        return String(p.v);
      case 'int':
        return String(p.v);
      case 'str':
        return escapeString(p.v, uni);
      case 'kw':
        return ':' + p.v;
      case 'vec':
        return '[' + p.v.map((x) => printPlain(x, seps, uni, k)).join(s()) + ']';
      case 'list':
        return '(' + p.v.map((x) => printPlain(x, seps, uni, k)).join(s()) + ')';
      case 'set': {
        // Sets with equal elements are invalid EDN; keep the first of each.
        const seen = new Set<string>();
        const items = p.v.filter((x) => {
          const key = JSON.stringify(x);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        return '#{' + items.map((x) => printPlain(x, seps, uni, k)).join(s()) + '}';
      }
      case 'map': {
        const seen = new Set<string>();
        const entries = p.v.filter(([key]) => {
          const id = JSON.stringify(key);
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
        return '{' + entries.map(([key, v]) => printPlain(key, seps, uni, k) + s() + printPlain(v, seps, uni, k)).join(s()) + '}';
      }
    }
  }

  // Normal forms: JSON-ish trees both readers' outputs map onto.
  function sortKey(x: unknown): string {
    return JSON.stringify(x);
  }
  function normOurs(v: Value): unknown {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (v instanceof Keyword) return { kw: v.fqn };
    if (List.isList(v)) return { vec: (v as List<Value>).toArray().map(normOurs) };
    if (Stack.isStack(v)) return { list: (v as Stack<Value>).toArray().map(normOurs) };
    if (ISet.isSet(v)) return { set: (v as ISet<Value>).toArray().map(normOurs).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)) };
    if (IMap.isMap(v)) {
      const entries = [...(v as IMap<Value, Value>).entries()].map(([k, x]) => [normOurs(k), normOurs(x)]);
      return { map: entries.sort((a, b) => (sortKey(a[0]) < sortKey(b[0]) ? -1 : 1)) };
    }
    return { other: String(v) };
  }
  function normTheirs(v: unknown): unknown {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (Array.isArray(v)) return { vec: v.map(normTheirs) };
    if (v instanceof Map) {
      const entries = [...v.entries()].map(([k, x]) => [normTheirs(k), normTheirs(x)]);
      return { map: entries.sort((a, b) => (sortKey(a[0]) < sortKey(b[0]) ? -1 : 1)) };
    }
    const o = v as Record<string, unknown>;
    if ('key' in o) return { kw: o.key };
    if ('list' in o) return { list: (o.list as unknown[]).map(normTheirs) };
    if ('set' in o) return { set: (o.set as unknown[]).map(normTheirs).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)) };
    return { other: JSON.stringify(v) };
  }

  const doc = fc.record({
    value: plain,
    seps: fc.array(sep, { minLength: 1, maxLength: 6 }),
    unicode: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  });

  test('agrees with edn-data on generated plain data (maps as Map, lists and sets kept apart)', () => {
    fc.assert(
      fc.property(doc, ({ value, seps, unicode }) => {
        const text = printPlain(value, seps, unicode);
        const node = one(text);
        const ours = normOurs(nodeToValue(node));
        const theirs = normTheirs(parseEDNString(text, { mapAs: 'map', keywordAs: 'object', listAs: 'object', setAs: 'object' }));
        assert.deepEqual(ours, theirs, text);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  test('agrees with edn-data on flow-like data (keyword-keyed maps as objects, keywords as strings)', () => {
    // The brief's plain options: keywords become strings, lists and vectors arrays; valueToJson
    // gives the same shapes from our values. Sets are left out: edn-data keeps their order
    // and immutable.js does not promise it.
    const { flowish } = fc.letrec<{ flowish: Plain }>((tie) => ({
      flowish: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('flowish'), { maxLength: 5 }).map((v) => ({ t: 'vec', v }) as Plain),
        fc.array(tie('flowish'), { maxLength: 5 }).map((v) => ({ t: 'list', v }) as Plain),
        fc.array(fc.tuple(keywordArb, tie('flowish')), { maxLength: 5 }).map((v) => ({ t: 'map', v }) as Plain),
      ),
    }));
    fc.assert(
      fc.property(flowish, fc.array(sep, { minLength: 1, maxLength: 4 }), (value, seps) => {
        const text = printPlain(value, seps, [false]);
        const ours = valueToJson(nodeToValue(one(text)));
        const theirs = parseEDNString(text, { mapAs: 'object', keywordAs: 'string', listAs: 'array', setAs: 'array' });
        assert.deepEqual(ours, theirs, text);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

// ---- navigate -------------------------------------------------------------------------------

describe('navigate', () => {
  test('pathAt from the outermost form to the innermost node', () => {
    const { text, offset } = withCaret('{:a [1 |2 3]}');
    const path = pathAt(readEdn(text).forms, offset);
    assert.deepEqual(path.map((n) => n.kind), ['map', 'vector', 'number']);
    assert.equal((path[2] as NumberNode).value, 2);
  });

  test('a caret right after a token still finds it', () => {
    const { text, offset } = withCaret('(foo|)');
    const node = nodeAt(readEdn(text).forms, offset);
    assert.equal(node?.kind, 'symbol');
  });

  test('between two adjacent tokens, the one starting at the caret wins', () => {
    const { text, offset } = withCaret('[:a|"x"]');
    assert.equal(nodeAt(readEdn(text).forms, offset)?.kind, 'string');
  });

  test('in whitespace inside a collection, the collection is innermost', () => {
    const { text, offset } = withCaret('(a  |  b)');
    assert.equal(nodeAt(readEdn(text).forms, offset)?.kind, 'list');
  });

  test('outside every form: empty path', () => {
    const { text, offset } = withCaret('(a) | (b)');
    assert.deepEqual(pathAt(readEdn(text).forms, offset), []);
  });

  test('into quote, metadata and tagged forms', () => {
    const { text, offset } = withCaret("'(let [x ^{:label \"a\"} (if |y 1 2)] #env \"X\")");
    const path = pathAt(readEdn(text).forms, offset);
    assert.deepEqual(path.map((n) => n.kind), ['quote', 'list', 'vector', 'meta', 'list', 'symbol']);
    const { text: t2, offset: o2 } = withCaret('#env "|X"');
    assert.deepEqual(pathAt(readEdn(t2).forms, o2).map((n) => n.kind), ['tagged', 'string']);
    const { text: t3, offset: o3 } = withCaret('^{:label |"a"} (if y 1 2)');
    assert.deepEqual(pathAt(readEdn(t3).forms, o3).map((n) => n.kind), ['meta', 'map', 'string']);
  });

  test('mapGet and mapKey on marked text', () => {
    const { text, start, end } = withRange('{:slug :x :concurrency |{:type :keyed}| :name "N" #_ :gone}');
    const map = one(text);
    const value = mapGet(map, 'concurrency');
    assert.deepEqual([value?.start, value?.end], [start, end]);
    assert.equal(mapGet(value, 'type')?.kind, 'keyword');
    assert.equal(mapKey(map, 'name')?.kind, 'keyword');
    assert.equal(mapGet(map, 'gone'), undefined);
    assert.equal(mapGet(map, 'missing'), undefined);
    assert.equal(mapGet(readEdn('[1 2]').forms[0], 'slug'), undefined);
    // Through metadata.
    assert.equal(mapGet(one('^:m {:a 1}'), 'a')?.kind, 'number');
    // Only plain keywords match.
    assert.equal(mapGet(one('{:ns/a 1 ::a 2}'), 'a'), undefined);
  });

  test('mapEntries leaves a dangling key out', () => {
    const parsed = readEdn('{:a 1 :b}');
    assert.equal(mapEntries(parsed.forms[0] as CollNode).length, 1);
  });

  test('walk visits parents before children and can skip', () => {
    const form = one('[1 [2 [3]] {:a 4}]');
    const seen: string[] = [];
    walk([form], (n) => {
      seen.push(n.kind === 'number' ? String((n as NumberNode).value) : n.kind);
      return n.kind !== 'map';
    });
    assert.deepEqual(seen, ['vector', '1', 'vector', '2', 'vector', '3', 'map']);
  });

  test('childrenOf puts metadata before its form', () => {
    const m = one('^:a x');
    assert.deepEqual(childrenOf(m).map((n) => n.kind), ['keyword', 'symbol']);
  });
});

// ---- positions --------------------------------------------------------------------------------

describe('LineIndex', () => {
  const texts: [string, string][] = [
    ['LF', '{:a 1\n :b [2\n     3]}\n'],
    ['CRLF', '{:a 1\r\n :b [2\r\n     3]}\r\n'],
    ['no final newline', 'x\ny'],
    ['empty', ''],
    ['blank lines', '\n\n\n'],
    ['surrogates', '"😀"\n:é'],
  ];
  for (const [name, text] of texts) {
    test(`offset <-> position round trip (${name})`, () => {
      const idx = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        const p = idx.position(o);
        assert.equal(idx.offset(p), o, `offset ${o} -> ${JSON.stringify(p)}`);
      }
      assert.equal(idx.lineCount, text.split('\n').length);
    });
  }

  test('positions on CRLF text', () => {
    const text = 'ab\r\ncd\r\n';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.position(0), { line: 0, character: 0 });
    assert.deepEqual(idx.position(4), { line: 1, character: 0 });
    assert.deepEqual(idx.position(5), { line: 1, character: 1 });
    assert.equal(idx.lineText(0), 'ab');
    assert.equal(idx.lineText(1), 'cd');
    assert.equal(idx.lineText(2), '');
    assert.deepEqual(idx.range(1, 5), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
  });

  test('out-of-range input is clamped', () => {
    const idx = new LineIndex('ab\ncd');
    assert.deepEqual(idx.position(-5), { line: 0, character: 0 });
    assert.deepEqual(idx.position(99), { line: 1, character: 2 });
    assert.equal(idx.offset({ line: 7, character: 0 }), 5);
    assert.equal(idx.offset({ line: -1, character: 3 }), 0);
    assert.equal(idx.offset({ line: 0, character: 99 }), 2);
  });

  test('finding offsets map to the marked line and column', () => {
    const { text, start } = withRange('{:a 1\r\n :b |(|foo\r\n :c 2}');
    const parsed = readEdn(text);
    assert.equal(parsed.findings.length, 1);
    assert.equal(parsed.findings[0]!.start, start);
    assert.deepEqual(new LineIndex(text).position(start), { line: 1, character: 4 });
  });

  test('reader cut-back works the same with CRLF line ends', () => {
    const lf = readEdn("(let [a (f\n      b 2]\n  a)");
    const crlf = readEdn("(let [a (f\r\n      b 2]\r\n  a)");
    assert.deepEqual(crlf.forms.map(strip), lf.forms.map(strip));
    assert.equal(crlf.findings.length, 1);
  });
});
