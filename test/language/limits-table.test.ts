// One source for each limit: the fan-out bounds and the large-inline-string length are read
// from the catalog's limits table by the step catalog and the checker; the checker's verdict
// turns exactly at the table's value.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitValue } from '../../engine/language/catalog/limits';
import { fieldByKey, stepConfigFields, stepTypeByName } from '../../engine/language/catalog/index';
import { findingsOf, flow } from './check-support';

test('the fan-out fields take their bounds from the limits table', () => {
  const fields = stepConfigFields(stepTypeByName('fanout')!);
  assert.equal(fieldByKey(fields, 'items')?.maxItems, limitValue('fanout-width'));
  assert.equal(fieldByKey(fields, 'max-concurrency')?.max, limitValue('fanout-concurrency'));
});

test('fan-out :items: the table\'s width is allowed, one more is out of range', () => {
  const items = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(' ')}]`;
  const at = (n: number) => findingsOf(flow(`(flow/step :fanout :f {:items ${items(n)}})`)).filter((f) => f.code === 'out-of-range');
  assert.deepEqual(at(limitValue('fanout-width')), []);
  assert.equal(at(limitValue('fanout-width') + 1).length, 1);
});

test('large-inline-string turns at the table\'s length', () => {
  const n = limitValue('large-inline-string');
  const at = (len: number) => findingsOf(flow(`(str "${'a'.repeat(len)}")`)).filter((f) => f.code === 'large-inline-string');
  assert.deepEqual(at(n), []);
  assert.equal(at(n + 1).length, 1);
});
