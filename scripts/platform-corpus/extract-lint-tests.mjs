// Copies the flows held inline in the official Breyta CLI's lint tests
// (`internal/cli/flows_lint_test.go`, public Go source) into the platform corpus, each with
// the verdict its test asserts for `flows lint --local-only` (error / no error).
// Usage: node scripts/platform-corpus/extract-lint-tests.mjs FLOWS_LINT_TEST.go OUT_DIR

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [src, outDir] = process.argv.slice(2);
if (!src || !outDir) {
  console.error('usage: extract-lint-tests.mjs FLOWS_LINT_TEST.go OUT_DIR');
  process.exit(2);
}
const go = readFileSync(src, 'utf8');

/** Reads a Go string literal at i (raw `...` or interpreted "..."); returns [value, end]. */
function goString(s, i) {
  if (s[i] === '`') {
    const end = s.indexOf('`', i + 1);
    return [s.slice(i + 1, end), end + 1];
  }
  if (s[i] !== '"') return null;
  let out = '';
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === '\\') {
      const c = s[j + 1];
      const map = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
      if (c in map) out += map[c];
      else if (c === 'x') { out += String.fromCharCode(parseInt(s.slice(j + 2, j + 4), 16)); j += 2; }
      else if (c === 'u') { out += String.fromCharCode(parseInt(s.slice(j + 2, j + 6), 16)); j += 4; }
      else out += c;
      j += 2;
    } else out += s[j++];
  }
  return [out, j + 1];
}

/** Go fmt.Sprintf with %s, %q and %% only. */
function sprintf(template, args) {
  let k = 0;
  return template.replace(/%[sqv%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(args[k++]) : String(args[k++])));
}

/** Parses the entries of a table `[]struct {fields}{ {...}, ... }` (keyed or positional). */
function tableEntries(fn, at) {
  const decl = /\[\]struct \{([^}]*)\}\{/.exec(fn.slice(at));
  if (!decl) return [];
  const names = decl[1].split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
  let i = at + decl.index + decl[0].length;
  const out = [];
  for (;;) {
    while (/[\s,]/.test(fn[i])) i++;
    if (fn[i] !== '{') break;
    const fields = {};
    let pos = 0;
    i++;
    for (;;) {
      while (/[\s,]/.test(fn[i])) i++;
      if (fn[i] === '}') { i++; break; }
      const m = /^(\w+):\s*/.exec(fn.slice(i));
      let key = names[pos++];
      if (m) { key = m[1]; i += m[0].length; }
      const lit = goString(fn, i);
      if (lit) { fields[key] = lit[0]; i = lit[1]; continue; }
      const b = /^(true|false)/.exec(fn.slice(i));
      if (b) { fields[key] = b[1] === 'true'; i += b[0].length; continue; }
      return out;
    }
    out.push(fields);
  }
  return out;
}

const fns = go.split(/\n(?=func )/).filter((f) => f.startsWith('func Test'));
const cases = [];
for (const fn of fns) {
  const name = /^func (\w+)/.exec(fn)[1];
  if (!fn.includes('runFlowLintLocalOnlyForLiteral(t, flowLiteral)')) continue;
  const raw = /flowLiteral := `/.exec(fn);
  const spr = /flowLiteral := fmt\.Sprintf\(`/.exec(fn);
  // build(values) renders the flow from the loop variable's fields; vars lists what it reads
  let build;
  let vars;
  if (spr) {
    const [template, tEnd] = goString(fn, spr.index + 'flowLiteral := fmt.Sprintf('.length);
    const argsText = fn.slice(tEnd, fn.indexOf('\n', tEnd)).replace(/^,\s*/, '').replace(/\)\s*$/, '');
    vars = argsText.split(',').map((a) => a.trim());
    build = (get) => sprintf(template, vars.map(get));
  } else if (raw) {
    const parts = [];
    let [text, i] = goString(fn, raw.index + 'flowLiteral := '.length);
    parts.push(text);
    vars = [];
    for (;;) {
      const m = /^ \+ ([\w.]+) \+ /.exec(fn.slice(i));
      if (!m) break;
      vars.push(m[1]);
      parts.push({ v: m[1] });
      [text, i] = goString(fn, i + m[0].length);
      parts.push(text);
    }
    build = (get) => parts.map((p) => (typeof p === 'string' ? p : get(p.v))).join('');
  } else continue;
  const wantsError = /if err == nil \{/.test(fn);
  const wantsOk = /if err != nil \{/.test(fn);
  if (vars.length === 0) {
    if (wantsError === wantsOk) continue;
    cases.push({ test: name, text: build(() => ''), platform: wantsError ? 'error' : 'ok' });
    continue;
  }
  const strRange = /for _, (\w+) := range \[\]string\{/.exec(fn);
  if (strRange && vars.length === 1 && vars[0] === strRange[1]) {
    if (wantsError === wantsOk) continue;
    let i = strRange.index + strRange[0].length;
    let n = 0;
    for (;;) {
      while (/[\s,]/.test(fn[i])) i++;
      if (fn[i] === '}') break;
      const lit = goString(fn, i);
      if (!lit) break;
      cases.push({ test: `${name}#${n++}`, text: build(() => lit[0]), platform: wantsError ? 'error' : 'ok' });
      i = lit[1];
    }
    continue;
  }
  const tableStart = fn.search(/(?:range |cases := )\[\]struct \{/);
  if (tableStart < 0 || !vars.every((a) => a.startsWith('tc.'))) continue;
  // `tc.X && err == nil` fails the test: X true means an error is expected
  const flag = /if (!?)tc\.(\w+) && err (==|!=) nil/.exec(fn);
  if (!flag && wantsError === wantsOk) continue;
  const trueMeansError = flag !== null && ((flag[1] === '' && flag[3] === '==') || (flag[1] === '!' && flag[3] === '!='));
  tableEntries(fn, tableStart).forEach((fields, n) => {
    if (vars.some((a) => typeof fields[a.slice(3)] !== 'string')) return;
    const platform = flag ? ((fields[flag[2]] === true) === trueMeansError ? 'error' : 'ok') : wantsError ? 'error' : 'ok';
    cases.push({ test: `${name}#${n}${fields.name ? ' ' + fields.name : ''}`, text: build((a) => fields[a.slice(3)]), platform });
  });
}

mkdirSync(outDir, { recursive: true });
const manifest = cases.map((c, k) => {
  const file = `lint-${String(k + 1).padStart(3, '0')}.clj`;
  writeFileSync(join(outDir, file), c.text);
  return { file, source: `breyta-cli internal/cli/flows_lint_test.go ${c.test}`, platform: c.platform };
});
writeFileSync(join(outDir, 'lint-tests.json'), JSON.stringify(manifest, null, 1) + '\n');
console.log(`${cases.length} flows: ${cases.filter((c) => c.platform === 'error').length} error, ${cases.filter((c) => c.platform === 'ok').length} ok`);
