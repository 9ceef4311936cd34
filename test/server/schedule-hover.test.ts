// A schedule's hover names its next fire times not only on the cron string but on the
// schedule's `:id` (a `:schedules` entry) and `:label` (a `:type :schedule` trigger), in the
// schedule's time zone; other ids and labels keep their plain docs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEdn } from '../../engine/edn/reader';
import { analyze } from '../../engine/language/analysis/index';
import { hover } from '../../server/services/hover/index';

function hoverAt(marked: string): string | null {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  return hover(analyze(readEdn(text)), at)?.markdown ?? null;
}

const base = (extra: string) => `{:slug :s :name "S" :invocations {:default {:inputs []}} ${extra} :flow '(let [x 1] x)}`;

test('the :id of a :schedules entry shows its next runs in its time zone', () => {
  const md = hoverAt(base(':schedules [{:id :night|ly :invocation :default :cron "0 2 * * *" :timezone "Europe/Oslo"}]'));
  assert.ok(md, 'a hover');
  assert.match(md, /Next runs \(Europe\/Oslo\):\n- \w{3}, \d+ \w{3} \d{4}, 02:00/);
});

test('the :label of a schedule trigger shows its next runs (UTC by default)', () => {
  const md = hoverAt(base(':triggers [{:type :schedule :label "Nigh|tly" :enabled true :config {:cron "30 6 * * *"}}]'));
  assert.match(md ?? '', /Next runs \(UTC\):\n- \w{3}, \d+ \w{3} \d{4}, 06:30/);
});

test('a webhook trigger\'s label is not a schedule', () => {
  const md = hoverAt(base(':triggers [{:type :event :label "Or|der" :enabled true :config {:source :webhook}}]'));
  assert.doesNotMatch(md ?? '', /Next runs/);
});
