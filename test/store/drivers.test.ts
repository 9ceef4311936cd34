// Driver choice and its errors, in whatever Node runs the main suite, and the kv prefix
// bound (pure).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDriver } from '../../engine/store/driver';
import { openStore, StoreError, type StoreDriver } from '../../engine/store/index';
import { prefixUpperBound } from '../../engine/store/sqlite-store';

const root = mkdtempSync(join(tmpdir(), 'flow-edn-store-drivers-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${++n}`, 'runs.db');

const drivers: StoreDriver[] = ['better-sqlite3', 'node:sqlite'];
const failing = drivers.filter((d) => typeof loadDriver(d) === 'string');

test('a driver that does not load is named with the reason, and the runtime', { skip: failing.length === 0 && 'both drivers load here' }, () => {
  for (const driver of failing) {
    assert.throws(
      () => openStore(fresh(), { driver }),
      (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.code, 'no-driver');
        assert.ok(e.message.includes(`${driver}: ${String(loadDriver(driver))}`), e.message);
        assert.ok(e.message.includes(`Node ${process.versions.node}`), e.message);
        return true;
      },
    );
  }
});

test('when neither driver loads, the error names both and why each failed', () => {
  // A child process where both requires fail, as in a runtime with neither.
  const preload = join(root, 'no-drivers.js');
  writeFileSync(
    preload,
    `const Module = require('module'); const load = Module._load;
     Module._load = function (name, ...rest) {
       if (name === 'better-sqlite3') throw new Error('was compiled against a different Node.js version (simulated)');
       if (name === 'node:sqlite') throw new Error('No such built-in module: node:sqlite (simulated)');
       return load.call(this, name, ...rest);
     };`,
  );
  const script = `try { require(${JSON.stringify(join(__dirname, '..', '..', 'engine', 'store', 'index.js'))}).openStore(${JSON.stringify(fresh())}); }
    catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
  const r = spawnSync(process.execPath, ['-r', preload, '-e', script], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { code: string; message: string };
  assert.equal(out.code, 'no-driver');
  assert.match(out.message, /^no SQLite driver loads in this runtime \(Node [\d.]+, modules ABI \d+\):/);
  assert.match(out.message, /- better-sqlite3: was compiled against a different Node\.js version \(simulated\)/);
  assert.match(out.message, /- node:sqlite: (No such built-in module: node:sqlite \(simulated\)|not in Node [\d.]+)/);
});

test('auto takes better-sqlite3 where it loads, node:sqlite otherwise', () => {
  const expected = drivers.find((d) => typeof loadDriver(d) !== 'string');
  assert.ok(expected, 'at least one driver loads here');
  const store = openStore(fresh());
  assert.equal(store.driver, expected);
  store.close();
});

test('FLOW_EDN_STORE_DRIVER picks the driver when the caller does not', () => {
  const saved = process.env['FLOW_EDN_STORE_DRIVER'];
  try {
    process.env['FLOW_EDN_STORE_DRIVER'] = 'sqlite3';
    assert.throws(() => openStore(fresh()), /FLOW_EDN_STORE_DRIVER is 'sqlite3'; use one of auto, better-sqlite3, node:sqlite/);
    const loading = drivers.filter((d) => typeof loadDriver(d) !== 'string');
    for (const driver of loading) {
      process.env['FLOW_EDN_STORE_DRIVER'] = driver;
      const store = openStore(fresh());
      assert.equal(store.driver, driver);
      store.close();
    }
  } finally {
    if (saved === undefined) delete process.env['FLOW_EDN_STORE_DRIVER'];
    else process.env['FLOW_EDN_STORE_DRIVER'] = saved;
  }
});

test(':memory: opens a private store', () => {
  const store = openStore(':memory:');
  store.createRun({ id: 'r', flow: 'f', flowPath: null, source: '', sourceHash: '', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: 0, clock: null });
  assert.equal(store.listRuns().length, 1);
  store.close();
});

test('prefixUpperBound: the least string above every string with the prefix', () => {
  assert.equal(prefixUpperBound(''), null);
  assert.equal(prefixUpperBound('user:'), 'user;');
  assert.equal(prefixUpperBound('a\u{D7FF}'), 'a\u{E000}');
  assert.equal(prefixUpperBound('a\u{10FFFF}'), 'b');
  assert.equal(prefixUpperBound('\u{10FFFF}\u{10FFFF}'), null);
  assert.equal(prefixUpperBound('x\u{1F600}'), 'x\u{1F601}');
});
