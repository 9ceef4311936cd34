// Our scaffolds against the platform CLI's (breyta-cli, internal/cli/flow_local_authoring.go):
// `breyta flows init SLUG` (newFlowsInitCmd's literal) against `flow-edn new SLUG` / Flow EDN:
// New Flow (engine/scaffold/new-flow.ts), and `breyta flows steps create --type T`
// (localStepScaffoldLiteral) against our packaged-step snippets. The platform's output is
// transcribed below; the shapes (keys in order, kinds of values, fixed values) must agree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEdn } from '../../engine/edn/reader';
import { mapEntries } from '../../engine/edn/navigate';
import { keywordText, type Node } from '../../engine/edn/nodes';
import { catalog } from '../../engine/language/catalog/index';
import { buildSnippets } from '../../client/snippets/build';
import { newFlowText } from '../../engine/scaffold/new-flow';
import { expandSnippet } from './snippet-expand';

/** A form's shape: maps by key (in order), vectors element-wise, scalars by kind. */
function shape(node: Node): unknown {
  if (node.kind === 'map') return Object.fromEntries(mapEntries(node).map((e) => [e.key.kind === 'keyword' ? keywordText(e.key).slice(1) : String(e.key.kind), shape(e.value)]));
  if (node.kind === 'vector') return node.children.map(shape);
  return node.kind;
}
function shapeOf(text: string): Record<string, unknown> {
  const forms = readEdn(text).forms.filter((f) => f.kind !== 'comment' as string);
  return shape(forms[0]!) as Record<string, unknown>;
}

/** `breyta flows init order-sync --input 'name:string:optional:Name'`, as the platform writes it. */
const PLATFORM_INIT = `{:slug :order-sync
 :name "order-sync"
 :description ""
 :tags ["draft"]
 :concurrency {:type :singleton :on-new-version :supersede}
 :requires nil
 :templates nil
 :functions nil
 :steps []
 :invocations {:default {:label "Run" :inputs [{:name :name :type :string :required false :label "Name"}]}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}
 :schedules []
 :flow '(let [input (flow/input)] input)}`;

/** Keys the platform writes as nil; an absent key means the same to the checker and the platform. */
const NIL_KEYS = ['requires', 'templates', 'functions'];

test('flow-edn new / New Flow writes the shape of breyta flows init', () => {
  const platform = shapeOf(PLATFORM_INIT);
  const ours = shapeOf(newFlowText('order-sync'));
  for (const key of NIL_KEYS) {
    assert.equal(platform[key], 'nil');
    delete platform[key];
  }
  // The body differs on purpose: ours has one step, so that it runs (it is a list either way).
  assert.equal(platform.flow, 'quote');
  assert.equal(ours.flow, 'quote');
  assert.deepEqual(Object.keys(ours), Object.keys(platform), 'the same top-level keys in the same order');
  assert.deepEqual(ours, platform);
});

/** `breyta flows steps create order-sync tools/T-step --type T --description D`, per type. */
const PLATFORM_STEPS: { type: string; literal: string }[] = [
  { type: 'http', literal: '{:id :tools/http-step\n  :type :http\n  :description "D"\n  :input-schema [:map]\n  :defaults {:method :get :url "https://example.com"}}' },
  { type: 'function', literal: "{:id :tools/function-step\n  :type :function\n  :description \"D\"\n  :input-schema [:map]\n  :defaults {:code '(fn [input] input)}}" },
  { type: 'code', literal: "{:id :tools/code-step\n  :type :code\n  :description \"D\"\n  :input-schema [:map]\n  :defaults {:code '(fn [input] input)}}" },
  { type: 'llm', literal: '{:id :tools/llm-step\n  :type :llm\n  :description "D (fill :defaults with the step config)"\n  :input-schema [:map]\n  :defaults {}}' },
  { type: 'wait', literal: '{:id :tools/wait-step\n  :type :wait\n  :description "D (fill :defaults with the step config)"\n  :input-schema [:map]\n  :defaults {}}' },
  { type: 'kv', literal: '{:id :tools/kv-step\n  :type :kv\n  :description "D (fill :defaults with the step config)"\n  :input-schema [:map]\n  :defaults {}}' },
];

const snippets = buildSnippets(catalog);
for (const row of PLATFORM_STEPS) {
  test(`the packaged :${row.type} snippet has the shape of breyta flows steps create --type ${row.type}`, () => {
    const ours = expandSnippet(snippets[`Packaged step :${row.type}`]!.body);
    assert.deepEqual(shapeOf(ours), shapeOf(row.literal));
    const defaults = (text: string) => text.slice(text.lastIndexOf(':defaults ') + ':defaults '.length, -1);
    assert.equal(defaults(ours), defaults(row.literal), ':defaults as the platform scaffolds them');
  });
}
