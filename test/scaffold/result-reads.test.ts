// What a flow reads off one step's result (the Approvals view's Complete form is built from
// it): keyword calls and get-in on the bound name, destructuring, and function code the
// result reaches through a step's :input, directly or under a key of the input map.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CollNode } from '../../engine/edn/nodes';
import { readEdn } from '../../engine/edn/reader';
import { stepResultReads, type InputTree } from '../../engine/scaffold/input-reads';

function keys(tree: InputTree): string[] {
  return [...tree.values()].flatMap((k) => [k.name, ...keys(k.children).map((c) => `${k.name}.${c}`)]);
}

function reads(body: string, extra = '', stepId = 'approval'): string[] {
  const flow = readEdn(`{:slug :t ${extra} :flow '${body}}`).forms[0] as CollNode;
  return keys(stepResultReads(flow, stepId)).sort();
}

test('keyword calls, get-in and destructuring on the bound result', () => {
  assert.deepEqual(reads('(let [a (flow/step :wait :approval {:key "k"})] [(:action a) (get-in a [:payload :amount]) (:not-this (flow/input))])'), ['action', 'payload', 'payload.amount']);
  assert.deepEqual(reads('(let [{:keys [action reason]} (flow/step :wait :approval {:key "k"})] [action reason])'), ['action', 'reason']);
});

test("another step's result is not read as this one's", () => {
  assert.deepEqual(reads('(let [a (flow/step :wait :other {:key "k"}) b (flow/step :wait :approval {:key "j"})] [(:x a) (:y b)])'), ['y']);
});

test('function code reached through :input, whole or under a key', () => {
  const fns = ':functions [{:id :f :code "(fn [x] (:amount x))"} {:id :g :code "(fn [input] (get-in input [:approval :action]))"}]';
  assert.deepEqual(reads('(let [a (flow/step :wait :approval {:key "k"})] (flow/step :function :f {:ref :f :input a}))', fns), ['amount']);
  assert.deepEqual(reads('(let [a (flow/step :wait :approval {:key "k"})] (flow/step :function :g {:ref :g :input {:approval a}}))', fns), ['action']);
});

test('the wait-for-approval example: :action read in function code', () => {
  const text = readFileSync('examples/wait-for-approval.flow.edn', 'utf8');
  const flow = readEdn(text).forms[0] as CollNode;
  assert.deepEqual(keys(stepResultReads(flow, 'approval')), ['action']);
});
