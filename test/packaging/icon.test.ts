// The committed icon (images/icon.png) is what scripts/make-icon.mjs draws: run the script
// in a temporary folder and compare the bytes, so the drawing and the file cannot drift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

test('images/icon.png is what scripts/make-icon.mjs draws', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-icon-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts/make-icon.mjs')], { cwd: dir, stdio: 'pipe' });
    const drawn = readFileSync(join(dir, 'images/icon.png'));
    assert.ok(drawn.equals(readFileSync(join(ROOT, 'images/icon.png'))), 'run node scripts/make-icon.mjs and commit images/icon.png');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
