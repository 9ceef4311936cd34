// Builds the TextMate grammar (syntaxes/flow-edn.tmLanguage.json) from the catalog's
// keyword lists. Rules are flat single-line matches (strings aside), so a half-typed flow
// with unbalanced brackets still highlights; every regex stays in the subset that both
// Oniguruma (VS Code) and JavaScript accept, which lets the tests tokenize with RegExp.

import type { GrammarLists } from './lists';

export interface GrammarRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: GrammarRule[];
  include?: string;
}

export interface TextMateGrammar {
  $schema: string;
  name: string;
  scopeName: string;
  comment: string;
  patterns: GrammarRule[];
  repository: Record<string, GrammarRule>;
}

export const SCOPE = 'source.flow-edn';

/** Characters that end a token (whitespace, comma, comment, brackets, string). */
const END = '(?=[\\s,;()\\[\\]{}"]|$)';
/** A character that may continue a symbol or keyword name. */
const NAME_CHAR = '[^\\s,;()\\[\\]{}"\\\\@~^`]';
/** A character that may start a symbol (not a digit, quote, colon or dispatch). */
const SYMBOL_START = '[^\\s,;()\\[\\]{}"\\\\@~^`\'#:0-9]';

/** Rules whose regex holds one catalog list, and the text just before that list in the regex. */
export const LIST_RULES = {
  stepTypes: { rule: 'step-call', prefix: '(\\()\\s*(flow/step)[\\s,]+(:)(' },
  keys: { rule: 'catalog-key', prefix: '(:)(' },
  flowForms: { rule: 'flow-form', prefix: '(?:' },
  specialForms: { rule: 'special-form', prefix: '(?:' },
  coreFunctions: { rule: 'core-function', prefix: '(?:' },
  sandboxFunctions: { rule: 'sandbox-function', prefix: '(?:' },
} as const satisfies Record<keyof GrammarLists, { rule: string; prefix: string }>;

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Longest first, so no name is shadowed by a prefix of it. */
function alternation(names: readonly string[]): string {
  return [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escape).join('|');
}

function scoped(name: string): { name: string } {
  return { name: `${name}.flow-edn` };
}

function bracketRule(open: string, close: string, kind: string): GrammarRule[] {
  return [
    { match: open, name: `punctuation.section.${kind}.begin.flow-edn` },
    { match: close, name: `punctuation.section.${kind}.end.flow-edn` },
  ];
}

export function buildGrammar(lists: GrammarLists): TextMateGrammar {
  const repository: Record<string, GrammarRule> = {
    comment: {
      match: '(;+).*$',
      name: 'comment.line.semicolon.flow-edn',
      captures: { '1': scoped('punctuation.definition.comment') },
    },
    discard: { match: '#_', name: 'comment.block.discard.flow-edn' },
    string: {
      begin: '"',
      end: '"',
      name: 'string.quoted.double.flow-edn',
      beginCaptures: { '0': scoped('punctuation.definition.string.begin') },
      endCaptures: { '0': scoped('punctuation.definition.string.end') },
      patterns: [
        { match: '\\\\.', name: 'constant.character.escape.flow-edn' },
        {
          // Handlebars in template bodies and `:data`-driven strings: `{{order-id}}`, `{{#each items}}`.
          match: '(\\{\\{\\{?)([#/^>!&]?)\\s*([^{}]*?)\\s*(\\}\\}\\}?)',
          name: 'meta.template.expression.flow-edn',
          captures: {
            '1': scoped('punctuation.definition.template.begin'),
            '2': scoped('keyword.operator.template'),
            '3': scoped('variable.other.template'),
            '4': scoped('punctuation.definition.template.end'),
          },
        },
      ],
    },
    regex: {
      begin: '#"',
      end: '"',
      name: 'string.regexp.flow-edn',
      beginCaptures: { '0': scoped('punctuation.definition.string.begin') },
      endCaptures: { '0': scoped('punctuation.definition.string.end') },
      patterns: [{ match: '\\\\.', name: 'constant.character.escape.flow-edn' }],
    },
    'step-call': {
      // `(flow/step :http :fetch-order` on one line: the type is a catalog step type.
      match: `${LIST_RULES.stepTypes.prefix}${alternation(lists.stepTypes)})${END}(?:([\\s,]+)(:${NAME_CHAR}+)${END})?`,
      captures: {
        '1': scoped('punctuation.section.list.begin'),
        '2': scoped('support.function.flow-form'),
        '3': scoped('punctuation.definition.keyword'),
        '4': scoped('entity.name.type.step-type'),
        '6': scoped('entity.name.function.step-id'),
      },
    },
    'catalog-key': {
      match: `${LIST_RULES.keys.prefix}${alternation(lists.keys)})${END}`,
      name: 'support.type.property-name.flow-edn',
      captures: { '1': scoped('punctuation.definition.keyword') },
    },
    keyword: {
      match: `(::?)${NAME_CHAR}+`,
      name: 'constant.other.keyword.flow-edn',
      captures: { '1': scoped('punctuation.definition.keyword') },
    },
    number: {
      match: `[-+]?(?:0[xX][0-9a-fA-F]+|\\d+/\\d+|\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?[NM]?)${END}`,
      name: 'constant.numeric.flow-edn',
    },
    character: {
      match: `\\\\(?:newline|space|tab|formfeed|backspace|return|u[0-9a-fA-F]{4}|o[0-7]{1,3}|.)${END}`,
      name: 'constant.character.flow-edn',
    },
    constant: { match: `(?:nil|true|false)${END}`, name: 'constant.language.flow-edn' },
    'tagged-literal': { match: `#[a-zA-Z]${NAME_CHAR}*`, name: 'storage.type.tag.flow-edn' },
    'reader-conditional': { match: '#\\?@?', name: 'keyword.operator.macro.flow-edn' },
    'var-quote': { match: "#'", name: 'keyword.operator.macro.flow-edn' },
    metadata: { match: '\\^', name: 'punctuation.definition.metadata.flow-edn' },
    macro: { match: "~@|['`~@]", name: 'keyword.operator.macro.flow-edn' },
    brackets: {
      patterns: [
        { match: '#\\{', name: 'punctuation.section.set.begin.flow-edn' },
        { match: '#\\(', name: 'punctuation.section.list.begin.flow-edn' },
        ...bracketRule('\\(', '\\)', 'list'),
        ...bracketRule('\\[', '\\]', 'vector'),
        ...bracketRule('\\{', '\\}', 'map'),
      ],
    },
    'anonymous-arg': { match: `%(?:\\d+|&)?${END}`, name: 'variable.parameter.anonymous.flow-edn' },
    'flow-form': {
      match: `${LIST_RULES.flowForms.prefix}${alternation(lists.flowForms)})${END}`,
      name: 'support.function.flow-form.flow-edn',
    },
    'special-form': {
      match: `${LIST_RULES.specialForms.prefix}${alternation(lists.specialForms)})${END}`,
      name: 'keyword.control.special-form.flow-edn',
    },
    'core-function': {
      match: `${LIST_RULES.coreFunctions.prefix}${alternation(lists.coreFunctions)})${END}`,
      name: 'support.function.core.flow-edn',
    },
    'sandbox-function': {
      match: `${LIST_RULES.sandboxFunctions.prefix}${alternation(lists.sandboxFunctions)})${END}`,
      name: 'support.function.sandbox.flow-edn',
    },
    symbol: { match: `${SYMBOL_START}${NAME_CHAR}*`, name: 'meta.symbol.flow-edn' },
  };
  // Order matters where two rules match at the same column: the first listed wins.
  const order = [
    'comment',
    'discard',
    'regex',
    'string',
    'step-call',
    'brackets',
    'catalog-key',
    'keyword',
    'number',
    'character',
    'constant',
    'tagged-literal',
    'reader-conditional',
    'var-quote',
    'metadata',
    'macro',
    'anonymous-arg',
    'flow-form',
    'special-form',
    'core-function',
    'sandbox-function',
    'symbol',
  ];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Flow EDN',
    scopeName: SCOPE,
    comment: 'Generated by scripts/generate-grammar.mjs from engine/language/catalog; do not edit by hand.',
    patterns: order.map((name) => ({ include: `#${name}` })),
    repository,
  };
}

/** Reads the catalog lists back out of a grammar's rules (to report drift by name). */
export function listsFromGrammar(grammar: TextMateGrammar): Partial<GrammarLists> {
  const out: Partial<GrammarLists> = {};
  for (const [list, { rule, prefix }] of Object.entries(LIST_RULES) as [keyof GrammarLists, { rule: string; prefix: string }][]) {
    const match = grammar.repository[rule]?.match;
    if (match === undefined || !match.startsWith(prefix)) continue;
    const body = /^((?:\\.|[^)\\])*)\)/.exec(match.slice(prefix.length));
    if (!body) continue;
    out[list] = body[1]!
      .split(/(?<!\\)\|/)
      .map((n) => n.replace(/\\(.)/g, '$1'))
      .sort();
  }
  return out;
}
