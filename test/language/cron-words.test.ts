// Cron expressions in words (hover and inlay hints): the common shapes, presets, and null
// for what cannot be said well.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCron } from '../../engine/language/cron-words';

const cases: [string, string | null][] = [
  ['* * * * *', 'every minute'],
  ['*/15 * * * *', 'every 15 minutes'],
  ['0 * * * *', 'every hour, on the hour'],
  ['5 * * * *', 'every hour at minute 5'],
  ['0 */6 * * *', 'every 6 hours at minute 0'],
  ['0 2 * * *', 'every day at 02:00'],
  ['30 9,17 * * *', 'every day at 09:30 and 17:30'],
  ['0 9 * * 1-5', 'at 09:00 on Monday to Friday'],
  ['0 9 * * MON,WED', 'at 09:00 on Monday and Wednesday'],
  ['0 0 1 * *', 'at 00:00 on the 1st of every month'],
  ['0 8 15 JAN *', 'at 08:00 on the 15th of January'],
  ['0 0 * 12 *', 'at 00:00 in December'],
  ['0 0 0 * * *', 'every day at 00:00'],
  ['@hourly', 'every hour, on the hour'],
  ['@daily', 'every day at 00:00'],
  ['0 9-17 * * *', 'every hour at minute 0 from 09:00 to 17:59'],
  ['1-5/2 * * * *', null],
  ['not a cron', null],
];

for (const [expr, words] of cases) {
  test(`cron ${JSON.stringify(expr)} in words`, () => {
    assert.equal(describeCron(expr), words);
  });
}
