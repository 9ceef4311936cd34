// Schedules on a manual clock: across DST changes in several zones over years of simulated
// time every fire happens exactly once per the policy (a repeated wall time fires once, a
// skipped one right after the jump); fires missed while down become one catch-up run, logged;
// `flow-edn schedule fire` fires one now.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../engine/runtime/clock';
import { CronSchedule } from '../../engine/runtime/cron-policy';
import { Scheduler, type ScheduleFire } from '../../engine/runtime/scheduler';
import { main } from '../../engine/cli/main';
import { expectedFires } from './dst-oracle';
import { serve, tempDir, write } from './support';

const iso = (t: number) => new Date(t).toISOString();

/** Runs a scheduler over (from, to] on a manual clock; returns every fire. */
function simulate(specs: { cron: string; zone: string }[], from: number, to: number, cursors = new Map<string, number>()): ScheduleFire[] {
  const clock = new ManualClock(from);
  const fires: ScheduleFire[] = [];
  const scheduler = new Scheduler({
    clock,
    cursor: (flow, id) => cursors.get(`${flow}/${id}`),
    setCursor: (flow, id, at) => void cursors.set(`${flow}/${id}`, at),
    fire: (f) => {
      cursors.set(`${f.spec.flow}/${f.spec.id}`, f.at);
      fires.push(f);
    },
  });
  scheduler.setFlow('f', specs.map((s, i) => ({ flow: 'f', id: `s${i}`, cron: s.cron, zone: s.zone })));
  clock.advanceTo(to);
  scheduler.stop();
  return fires;
}

const cases: { zone: string; crons: string[]; years: number }[] = [
  { zone: 'America/New_York', crons: ['30 2 * * *', '30 1 * * *', '0 0 * * 0'], years: 4 },
  { zone: 'Europe/Berlin', crons: ['30 2 * * *', '15 2 * * 0', '0 3 1 * *'], years: 4 },
  { zone: 'Australia/Lord_Howe', crons: ['15 2 * * *', '45 1 * * *'], years: 4 },
  { zone: 'America/Santiago', crons: ['0 0 * * *', '30 23 * * *'], years: 4 },
  { zone: 'Pacific/Chatham', crons: ['0 3 * * *', '50 2 * * *'], years: 3 },
  { zone: 'Asia/Kolkata', crons: ['30 2 * * *'], years: 3 },
  { zone: 'UTC', crons: ['0 9 * * 1-5'], years: 3 },
];

for (const c of cases) {
  test(`${c.zone}: daily and weekly crons over ${c.years} years fire exactly once per the DST policy`, () => {
    const from = Date.UTC(2025, 0, 1);
    const to = Date.UTC(2025 + c.years, 0, 1);
    for (const cron of c.crons) {
      const expected = expectedFires(cron, c.zone, from, to);
      const fires = simulate([{ cron, zone: c.zone }], from, to);
      assert.ok(fires.every((f) => f.missed === 1 && !f.catchUp), 'every fire on time, none a catch-up');
      assert.deepEqual(fires.map((f) => iso(f.at)), expected.map(iso), `${cron} in ${c.zone}`);
    }
  });
}

test('sub-hourly crons through the transition hours, and hourly crons for a year', () => {
  for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe']) {
    const from = Date.UTC(2026, 0, 1);
    for (const [cron, to] of [['*/20 0-4 * * *', Date.UTC(2027, 0, 1)], ['0 * * * *', Date.UTC(2027, 0, 1)]] as const) {
      const fires = simulate([{ cron, zone }], from, to);
      assert.deepEqual(fires.map((f) => iso(f.at)), expectedFires(cron, zone, from, to).map(iso), `${cron} in ${zone}`);
    }
  }
});

test('the policy at the known transitions of 2026 in New York', () => {
  const ny = (cron: string, from: string, n: number) => new CronSchedule(cron, 'America/New_York').between(Date.parse(from), Date.parse(from) + 4 * 86_400_000, n).map(iso);
  // 2026-03-08 02:30 does not exist: it fires at the jump, 03:00 EDT.
  assert.deepEqual(ny('30 2 * * *', '2026-03-07T12:00:00Z', 2), ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
  // 2026-11-01 01:30 happens twice: it fires once, at the first (EDT).
  assert.deepEqual(ny('30 1 * * *', '2026-10-31T12:00:00Z', 2), ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  // Every 15 minutes: the skipped hour collapses into the jump; the repeated hour fires only once.
  assert.deepEqual(ny('*/15 * * * *', '2026-03-08T06:40:00Z', 3), ['2026-03-08T06:45:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T07:15:00.000Z']);
  assert.deepEqual(ny('*/30 * * * *', '2026-11-01T05:20:00Z', 3), ['2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T07:30:00.000Z']);
});

test('fires missed while stopped become one catch-up fire; then the schedule goes on', () => {
  const cursors = new Map<string, number>();
  const start = Date.UTC(2026, 5, 1, 0, 30);
  const before = simulate([{ cron: '0 * * * *', zone: 'Europe/Berlin' }], start, start + 3 * 3600_000, cursors);
  assert.equal(before.length, 3);
  // Down from 03:30 to 08:30: 5 fires missed. On start: one catch-up for all of them.
  const downUntil = start + 8 * 3600_000;
  const after = simulate([{ cron: '0 * * * *', zone: 'Europe/Berlin' }], downUntil, downUntil + 2 * 3600_000, cursors);
  assert.equal(after[0]!.catchUp, true);
  assert.equal(after[0]!.missed, 5);
  assert.equal(iso(after[0]!.at), '2026-06-01T08:00:00.000Z');
  assert.deepEqual(after.slice(1).map((f) => [iso(f.at), f.catchUp]), [['2026-06-01T09:00:00.000Z', false], ['2026-06-01T10:00:00.000Z', false]]);
  // A schedule seen for the first time does not catch up on its past.
  assert.equal(simulate([{ cron: '0 * * * *', zone: 'UTC' }], downUntil, downUntil + 1, new Map()).length, 0);
});

test('the runtime fires schedules on its clock, catches up once after a restart, and schedule fire fires now', async () => {
  const dir = tempDir();
  write(dir, 'tick.flow.edn', `{:slug :tick :name "Tick"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :schedules [{:id :hourly :label "Hourly" :invocation :default :cron "0 * * * *" :timezone "Europe/Oslo" :input {:region "EU"}}]
 :flow '(let [in (flow/input)] {:region (:region in) :at (get-in in [:flow/ctx :scheduled-at]) :catch-up (get-in in [:flow/ctx :catch-up])})}`);
  const clock = new ManualClock(Date.UTC(2026, 2, 29, 0, 10)); // the night Oslo moves to summer time
  const a = await serve(dir, { clock });
  const open = [a];
  try {
  const fired = () => a.events.filter((e) => e.type === 'schedule-fired');
  clock.advanceTo(Date.UTC(2026, 2, 29, 3, 0));
  await a.waitFor((e) => e.type === 'run-settled' && e.status === 'completed' && a.store.getRun(e.runId)!.output!.includes('03:00'), 'the 03:00Z run');
  // 02:00 local does not exist that night: it fires at the jump, which is also 03:00 local (01:00Z): once.
  assert.deepEqual(fired().map((e) => e.type === 'schedule-fired' && iso(e.at)), ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', '2026-03-29T03:00:00.000Z']);
  await a.close();
  open.shift();

  clock.advanceTo(Date.UTC(2026, 2, 29, 7, 30)); // down for 4.5 hours
  const b = await serve(dir, { clock });
  open.push(b);
  const catchUp = await b.waitFor((e) => e.type === 'schedule-fired', 'the catch-up');
  assert.ok(catchUp.type === 'schedule-fired' && catchUp.catchUp && catchUp.missed === 4 && iso(catchUp.at) === '2026-03-29T07:00:00.000Z');
  assert.ok(b.log.some((l) => /schedule :tick\/hourly missed 4 fires while the server was down \(last due 2026-03-29T07:00:00.000Z\): one catch-up run/.test(l)), b.log.join('\n'));
  const run = await b.waitFor((e) => e.type === 'run-settled' && e.runId === (catchUp as { runId: string }).runId, 'catch-up run');
  assert.match(b.store.getRun(run.type === 'run-settled' ? run.runId : '')!.output!, /:catch-up true/);

  // schedule fire through the CLI, against this server (with the API token from beside the store).
  const out: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), colour: false };
  const code = await main(['schedule', 'fire', `${dir}/tick.flow.edn`, '--url', b.url, '--db', `${dir}/.flow-edn/runs.db`, '--format', 'json'], io);
  assert.equal(code, 0, out.join('\n'));
  const answer = JSON.parse(out.join('\n')) as { runId: string; schedule: string; concurrencyDecision: string };
  assert.equal(answer.schedule, 'hourly');
  assert.equal(answer.concurrencyDecision, 'started');
  assert.equal(b.store.getRun(answer.runId)!.trigger, 'Hourly');
  } finally {
    for (const s of open) await s.close().catch(() => undefined);
  }
});
