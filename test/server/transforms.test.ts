// Rewrites of data transforms the `:flow` body may not use into `for` (pure; the protocol
// suite applies them end to end): keywords, fn literals, one-parameter fns, plain functions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollNode } from '../../engine/edn/nodes';
import { readEdn } from '../../engine/edn/reader';
import { forRewrite } from '../../server/services/code-actions/transforms';

function rewrite(src: string): string | null {
  return forRewrite(src, readEdn(src).forms[0] as CollNode);
}

const cases: [string, string | null][] = [
  ['(map :id orders)', '(vec (for [order orders] (:id order)))'],
  ['(mapv inc xs)', '(vec (for [x xs] (inc x)))'],
  ['(map #(* 2 %) (:items input))', '(vec (for [item (:items input)] (* 2 item)))'],
  ['(map (fn [o] (:id o)) orders)', '(vec (for [o orders] (:id o)))'],
  ['(map (fn [o] (prn o) (:id o)) orders)', '(vec (for [o orders] (do (prn o) (:id o))))'],
  ['(filter :active? users)', '(vec (for [user users :when (:active? user)] user))'],
  ['(filterv #(> (:qty %1) 0) lines)', '(vec (for [line lines :when (> (:qty line) 0)] line))'],
  ['(remove nil? entries)', '(vec (for [entry entries :when (not (nil? entry))] entry))'],
  ['(keep :email people)', '(vec (for [x people :let [v (:email x)] :when (some? v)] v))'],
  ['(mapcat :lines orders)', '(vec (for [order orders v (:lines order)] v))'],
  ['(map (partial + 1) xs)', '(vec (for [x xs] ((partial + 1) x)))'],
  ['(map #(+ % x) xs)', '(vec (for [x1 xs] (+ x1 x)))'],
  ['(map f xs ys)', null],
  ['(map #(+ %1 %2) xs)', null],
  ['(reduce + xs)', null],
];

for (const [src, want] of cases) {
  test(`rewrite ${src}`, () => {
    assert.equal(rewrite(src), want);
  });
}
