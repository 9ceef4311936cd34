// The parse of the common template, text with plain `{{name}}` / `{{a.b}}` mustaches and
// nothing else, without loading Handlebars: the same tree Handlebars' `parse` gives as far as
// `walkTemplateReads` looks at it (paths, their parts and locations). Anything else (blocks,
// partials, comments, helpers with arguments, `this`, `..`, literals, `~`, escapes, `{{{`,
// carriage returns) answers undefined and goes to Handlebars. test/language/simple-template.test.ts
// holds both to the same answers.

import type { HbsNode } from './template-reads';

/** `{{`, optional blanks, a path of plain names joined by `.` or `/`, optional blanks, `}}` not
 *  followed by another `}` (Handlebars' lexer reads `}}}` and `}}}}` as other closers). */
const MUSTACHE = /\{\{[ \t]*([A-Za-z_$][\w$:?-]*(?:[./][A-Za-z_$][\w$:?-]*)*)[ \t]*\}\}(?!\})/y;
/** Words Handlebars reads as literals or keywords, not paths. */
const RESERVED = new Set(['true', 'false', 'null', 'undefined', 'else', 'this', 'as']);

/** The tree of a template made only of text and plain mustaches, else undefined. */
export function parseSimpleTemplate(text: string): HbsNode | undefined {
  if (text.includes('\r') || text.includes('\\')) return undefined;
  const body: HbsNode[] = [];
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    for (let nl = text.indexOf('\n', at); nl >= 0 && nl < open; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    MUSTACHE.lastIndex = open;
    const m = MUSTACHE.exec(text);
    if (m === null) return undefined;
    const original = m[1]!;
    const parts = original.split(/[./]/);
    // `{{else-x}}` is Handlebars' `{{else` chain opener: any first part starting with `else` goes to it.
    if (parts.some((p) => RESERVED.has(p)) || parts[0]!.startsWith('else')) return undefined;
    const start = text.indexOf(original, open + 2);
    const loc = { start: { line, column: start - lineStart }, end: { line, column: start + original.length - lineStart } };
    const path: HbsNode = { type: 'PathExpression', data: false, depth: 0, parts, original, loc };
    body.push({ type: 'MustacheStatement', path, params: [], hash: undefined, loc });
    at = MUSTACHE.lastIndex;
  }
  return { type: 'Program', body };
}
