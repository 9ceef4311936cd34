// package.json's extension manifest against the client code: the language id, file
// associations, grammar, activation, settings (server/protocol.ts defaults) and commands
// must agree, and the language configuration must know the flow language's words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXTENSION_ID } from '../../client/api';
import { commands } from '../../client/commands';
import { ATTACH_ARGUMENTS, DEBUG_TYPE, LAUNCH_ARGUMENTS, scenarioConfigurations } from '../../client/debug/vscode/launch-config';
import { LANGUAGE_ID, SECTION, settingDefaults } from '../../client/settings';
import { GRAPH_VIEW_TYPE } from '../../client/webviews/graph/view-type';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  categories: string[];
  contributes: {
    languages: { id: string; extensions: string[]; filenamePatterns: string[]; configuration: string; aliases: string[] }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[] }> };
    commands: { command: string; title: string; category: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    breakpoints: { language: string }[];
    debuggers: Debugger[];
  };
}
interface SchemaProperty {
  type: string | string[];
  enum?: string[];
}
interface Debugger {
  type: string;
  label: string;
  languages: string[];
  configurationAttributes: Record<'launch' | 'attach', { required?: string[]; properties: Record<string, SchemaProperty> }>;
  initialConfigurations: Record<string, unknown>[];
  configurationSnippets: { label: string; body: Record<string, unknown> }[];
}
const manifest = read('package.json') as Manifest;

test('the extension id and entry point', () => {
  assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  assert.equal(manifest.main, './out/extension.js');
  assert.match(readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8'), /client\/extension\.ts.*out: 'extension'/, 'scripts/build.mjs must bundle client/extension.ts to out/extension.js');
  assert.ok(manifest.categories.includes('Programming Languages'));
});

test('activates on the flow-edn language, to restore a graph panel open before a window reload, or when a flow-edn debug configuration is asked for', () => {
  assert.deepEqual(manifest.activationEvents, [`onLanguage:${LANGUAGE_ID}`, `onWebviewPanel:${GRAPH_VIEW_TYPE}`, `onDebugResolve:${DEBUG_TYPE}`, `onDebugDynamicConfigurations:${DEBUG_TYPE}`]);
});

test('engines.vscode matches the pinned @types/vscode', () => {
  const types = read('node_modules/@types/vscode/package.json') as { version: string };
  assert.equal(manifest.engines.vscode, `^${types.version}`);
});

test('the language: id, extensions, flows/ patterns, configuration file', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(manifest.contributes.languages.length, 1);
  assert.equal(language!.id, LANGUAGE_ID);
  assert.deepEqual(language!.extensions, ['.flow.edn', '.flow.clj']);
  assert.deepEqual(language!.filenamePatterns, ['**/flows/*.edn', '**/flows/*.clj']);
  assert.ok(existsSync(join(ROOT, language!.configuration)), language!.configuration);
});

test('the grammar: language, scope name and file agree', () => {
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar!.language, LANGUAGE_ID);
  const file = read(grammar!.path) as { scopeName: string };
  assert.equal(file.scopeName, grammar!.scopeName);
});

test('settings: exactly the server protocol settings, with its defaults, under flowEdn.', () => {
  const properties = manifest.contributes.configuration.properties;
  const expected = settingDefaults().map(([key, value]) => [`${SECTION}.${key}`, value] as const);
  assert.deepEqual(Object.keys(properties).sort(), expected.map(([key]) => key).sort());
  for (const [key, value] of expected) {
    assert.equal(properties[key]!.default, value, `${key} default`);
    assert.equal(properties[key]!.type, typeof value, `${key} type`);
  }
  // vscode-languageclient reads `<client id>.trace.server`; the client id is the section.
  assert.deepEqual(properties[`${SECTION}.trace.server`]!.enum, ['off', 'messages', 'verbose']);
});

test('commands: package.json and the client register the same ids', () => {
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, Object.keys(commands).sort());
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Flow EDN');
  for (const entry of manifest.contributes.menus.commandPalette) assert.ok(declared.includes(entry.command), entry.command);
});

const config = read('syntaxes/language-configuration.json') as {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string }[];
  wordPattern: string;
};

test('language configuration: comments, brackets, auto-closing pairs', () => {
  assert.equal(config.comments.lineComment, ';');
  assert.deepEqual(config.brackets, [['(', ')'], ['[', ']'], ['{', '}']]);
  assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close), ['()', '[]', '{}', '""']);
});

test('the word pattern takes keywords and qualified symbols whole', () => {
  const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
  assert.deepEqual(words('(flow/step :wait :approval {:on-timeout :continue})'), ['flow/step', ':wait', ':approval', ':on-timeout', ':continue']);
  assert.deepEqual(words('::auto :flow/ctx clojure.string/join true? -> %1'), ['::auto', ':flow/ctx', 'clojure.string/join', 'true?', '->', '%1']);
  assert.deepEqual(words('"a b" [x,y]'), ['a', 'b', 'x', 'y']);
});

/** Whether `value` fits a launch.json schema property (type and enum). */
function fits(value: unknown, property: SchemaProperty): boolean {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.includes(type) && (property.enum === undefined || property.enum.includes(value as string));
}

/** Problems of a configuration against the debugger's schema for its request. */
function schemaProblems(debug: Debugger, config: Record<string, unknown>): string[] {
  const request = config['request'];
  if (request !== 'launch' && request !== 'attach') return [`request ${String(request)}`];
  const schema = debug.configurationAttributes[request];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'type' || key === 'request' || key === 'name') continue;
    const property = schema.properties[key];
    if (property === undefined) problems.push(`${key}: not in the ${request} schema`);
    else if (!fits(value, property)) problems.push(`${key}: ${JSON.stringify(value)} does not fit ${JSON.stringify(property.type)}`);
  }
  for (const key of schema.required ?? []) if (!(key in config)) problems.push(`${key}: required`);
  if (config['type'] !== debug.type) problems.push(`type ${String(config['type'])}`);
  return problems;
}

test('the flow-edn debugger: its languages, breakpoints on flow files, the launch and attach arguments', () => {
  assert.equal(manifest.contributes.debuggers.length, 1);
  const debug = manifest.contributes.debuggers[0]!;
  assert.equal(debug.type, DEBUG_TYPE);
  assert.deepEqual(debug.languages, [LANGUAGE_ID]);
  // Flow files, and the files they #flow/include (.clj/.edn outside flows/: VS Code's built-in
  // `clojure` language), so the gutter takes breakpoints there (the adapter binds or says why).
  assert.deepEqual(manifest.contributes.breakpoints, [{ language: LANGUAGE_ID }, { language: 'clojure' }]);
  assert.deepEqual(Object.keys(debug.configurationAttributes.launch.properties).sort(), [...LAUNCH_ARGUMENTS].sort());
  assert.deepEqual(Object.keys(debug.configurationAttributes.attach.properties).sort(), [...ATTACH_ARGUMENTS].sort());
  assert.deepEqual(debug.configurationAttributes.attach.required, ['runId']);
  assert.deepEqual(debug.configurationAttributes.launch.properties['clock']!.enum, ['virtual', 'real']);
});

test('launch.json snippets, the initial configuration and the provider configurations fit the schema', () => {
  const debug = manifest.contributes.debuggers[0]!;
  assert.ok(debug.configurationSnippets.some((s) => s.body['request'] === 'attach'), 'an attach snippet');
  for (const snippet of debug.configurationSnippets) {
    // Snippet bodies hold placeholders (strings); booleans stay booleans.
    assert.deepEqual(schemaProblems(debug, snippet.body), [], snippet.label);
    assert.match(snippet.label, /^Flow EDN: /);
  }
  for (const config of debug.initialConfigurations) assert.deepEqual(schemaProblems(debug, config), [], String(config['name']));
  const configs = scenarioConfigurations(join(ROOT, 'examples/advanced-order-orchestration-fixed.flow.edn'), ROOT);
  assert.ok(configs.length >= 6, `one configuration per scenario of the founding flow's copy (got ${configs.length})`);
  for (const config of configs) assert.deepEqual(schemaProblems(debug, config), [], config.name);
});
