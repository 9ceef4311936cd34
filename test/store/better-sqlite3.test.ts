// The RunStore contract and the multi-process races on better-sqlite3, the driver of the
// CLI and of any Node the native module was built for. It must load wherever `npm test` runs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDriver } from '../../engine/store/driver';
import { openStore } from '../../engine/store/index';
import { runStoreContract } from './contract';
import { multiProcessSuite } from './multiprocess';

const status = loadDriver('better-sqlite3');
if (typeof status === 'string') {
  test('better-sqlite3 loads in this runtime', () => {
    assert.fail(`better-sqlite3 does not load on Node ${process.version}: ${status} (run npm rebuild better-sqlite3)`);
  });
} else {
  const open = (path: string) => openStore(path, { driver: 'better-sqlite3' });
  runStoreContract('better-sqlite3', open);
  multiProcessSuite('better-sqlite3', [{ node: process.execPath, driver: 'better-sqlite3' }], open);
}
