// A new scenario (`x.<name>.sim.edn`, design §6) pre-filled from its flow: the input skeleton
// from what the body reads, a binding per `:requires` slot and webhook secret, a mock per step
// that cannot run locally, the clock, and `:expect` as a comment. It checks clean and runs.

import type { CollNode, Node } from '../edn/nodes';
import { unwrapMeta } from '../edn/nodes';
import { mapGet, walk } from '../edn/navigate';
import { printString } from '../edn/printer';
import { readEdn } from '../edn/reader';
import { DocumentAnalysis } from '../language/analysis/index';
import { inputReads } from './input-reads';
import { printPlaceholderEdn, skeletonOf } from './placeholder';

export interface ScenarioOptions {
  /** The scenario's name (`x.<name>.sim.edn`); `default` for `x.sim.edn`. */
  name: string;
  /** The flow file's name, for the header comment. @example "orders.flow.edn" */
  flowFile: string;
  /** `:clock :start`, an ISO instant. @example "2026-11-29T10:00:00Z" */
  clockStart: string;
}

export class ScaffoldError extends Error {}

/** Step types that run locally with no mock: their real code runs. */
const runsLocally = new Set(['function', 'code', 'kv', 'sleep', 'time']);

function mockFor(type: string): { text: string; note: string } | null {
  if (type === 'http' || type === 'notify') return { text: '[{:status 200 :body {}}]', note: 'the response, or one per attempt (the last repeats)' };
  if (type === 'wait') return { text: '{:action :approve :by "you@example.com"}', note: 'the resolution; {:timeout true} to time out, or remove it to stop in waiting' };
  if (runsLocally.has(type)) return null;
  return { text: '{:result {}}', note: `a :${type} step runs only through a mock: its result` };
}

function keywordName(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'keyword' ? (v.ns === null ? v.name : `${v.ns}/${v.name}`) : null;
}

interface BindingLine {
  slot: string;
  text: string;
  note: string;
}

function bindingsOf(flow: CollNode, connections: string[]): BindingLine[] {
  const out: BindingLine[] = [];
  const requires = unwrapMeta(mapGet(flow, 'requires') ?? null);
  for (const slot of requires?.kind === 'vector' ? requires.children : []) {
    const id = keywordName(mapGet(slot, 'slot'));
    if (id === null || out.some((b) => b.slot === id)) continue;
    const type = keywordName(mapGet(slot, 'type')) ?? 'http-api';
    const label = unwrapMeta(mapGet(slot, 'label') ?? null);
    const what = `${label?.kind === 'string' ? label.value + ' ' : ''}(:${type})`;
    if (type === 'secret') out.push({ slot: id, text: '{:value "local-secret"}', note: `${what}: the secret's value, or #env "NAME" to read it from the environment` });
    else out.push({ slot: id, text: '{:mock {:status 200 :body {}}}', note: `${what}: answers every request through the slot; for a real service write {:base-url "http://127.0.0.1:4010" :token #env "TOKEN"}` });
  }
  // Connections named in steps, notifications and channels without a `:requires` slot.
  for (const id of connections) {
    if (!out.some((b) => b.slot === id)) out.push({ slot: id, text: '{:mock {:status 200 :body {}}}', note: `connection :${id}: answers every request made through it; or {:base-url "http://127.0.0.1:4010"}` });
  }
  // Secrets webhooks are verified with: bound so `flow-edn webhook send` can sign.
  for (const section of ['triggers', 'interfaces']) {
    walk([mapGet(flow, section) ?? { kind: 'nil', start: 0, end: 0 }], (node) => {
      if (node.kind !== 'map') return;
      const id = keywordName(mapGet(node, 'secret-ref'));
      if (id !== null && !out.some((b) => b.slot === id)) out.push({ slot: id, text: '{:value "local-secret"}', note: 'the webhook secret `flow-edn webhook send` signs with (or #env "NAME")' });
    });
  }
  return out;
}

/** Map entries, each under its comment line, indented to sit inside `{` at column `col`. */
function entriesText(lines: { key: string; text: string; note: string | null }[], col: number): string {
  if (lines.length === 0) return '{}';
  const pad = ' '.repeat(col + 1);
  const body = lines.map((l, i) => `${i === 0 ? '' : pad}${l.note ? `;; ${l.note}\n${pad}` : ''}:${l.key} ${l.text}`);
  return '{' + body.join('\n') + '}';
}

/** The scenario file's text for the flow source `flowText`. */
export function scenarioText(flowText: string, options: ScenarioOptions): string {
  const parsed = readEdn(flowText);
  const analysis = new DocumentAnalysis(parsed);
  const flow = analysis.flow;
  if (flow === null) throw new ScaffoldError(`${options.flowFile} holds no flow map ({:slug ... :flow '(...)})`);
  const slug = keywordName(mapGet(flow, 'slug')) ?? options.flowFile;
  const seen = new Set<string>();
  const mocks: { key: string; text: string; note: string | null }[] = [];
  const local: string[] = [];
  for (const step of analysis.index.steps) {
    if (step.id === null || seen.has(step.id)) continue;
    seen.add(step.id);
    const type = step.spec?.aliasOf ?? step.type;
    const mock = mockFor(type);
    if (mock === null) local.push(`:${step.id} (:${type})`);
    else mocks.push({ key: step.id, text: mock.text, note: `:${type}: ${mock.note}` });
  }
  const connections = analysis.index.refs.filter((r) => r.kind === 'connection').map((r) => r.id);
  const bindings = bindingsOf(flow, connections).map((b) => ({ key: b.slot, text: b.text, note: b.note }));
  const input = printPlaceholderEdn(skeletonOf(inputReads(flow)), ' :input '.length);
  const header = [
    `;; Scenario ${printString(options.name)} for :${slug} (${options.flowFile}), generated from the flow.`,
    ';; :input holds what the flow reads off its input: replace the placeholders.',
    ...(local.length ? [`;; Steps that run locally (mock one with {:result ...} to replace it): ${local.join(', ')}.`] : []),
  ];
  return [
    ...header,
    `{:input ${input}`,
    ` :bindings ${entriesText(bindings, ' :bindings '.length)}`,
    ` :mocks ${entriesText(mocks, ' :mocks '.length)}`,
    ` ;; :expect {:status :completed :output {...}} is what \`flow-edn test\` asserts (also :error, :steps, :branches).`,
    ` :clock {:start ${printString(options.clockStart)}}}`,
    '',
  ].join('\n');
}
