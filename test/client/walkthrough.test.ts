// The Get Started walkthrough (package.json contributes.walkthroughs): every step's media is
// a file that ships in the vsix, every command it links or waits for exists (ours, VS Code's,
// or one named below as being built), and its example flow checks clean, runs with its
// scenario to the wait, and completes once the wait is approved (the real CLI and store).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commands } from '../../client/commands';
/** What client/runs/open-example.ts copies (it imports vscode, so it is named here again). */
const EXAMPLE_FILES = ['order-approval.flow.edn', 'order-approval.sim.edn'];

const ROOT = resolve(__dirname, '../../..');
interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { id: string; steps: Step[] }[]; commands: { command: string }[] };
};

/** VS Code's own commands the walkthrough uses. */
const BUILT_IN = ['workbench.actions.view.problems', 'editor.action.quickFix', 'workbench.action.debug.start'];
/** Commands the walkthrough names that other parts of issue 13 are adding (Run Flow, Approvals). */
const PENDING = ['flowEdn.runFlow', 'flowEdn.openApprovals'];

test('the walkthrough has the five first-run steps, each with its media shipped', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.equal(walkthrough!.id, 'gettingStarted');
  assert.deepEqual(walkthrough!.steps.map((s) => s.id), ['openExample', 'diagnostics', 'runFlow', 'approve', 'debug']);
  const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
  assert.match(shipped, /^!walkthrough\/\*\.md$/m);
  assert.match(shipped, /^!walkthrough\/\*\.edn$/m);
  for (const step of walkthrough!.steps) {
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && existsSync(join(ROOT, media)), `${step.id}: media ${media} is missing`);
    assert.ok(step.completionEvents.length > 0, `${step.id}: no completion event`);
  }
  for (const name of EXAMPLE_FILES) assert.ok(existsSync(join(ROOT, 'walkthrough', name)), name);
});

test('every command the walkthrough links or waits for exists', () => {
  const ours = new Set(manifest.contributes.commands.map((c) => c.command));
  const pending: string[] = [];
  for (const step of manifest.contributes.walkthroughs[0]!.steps) {
    const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
    const awaited = step.completionEvents.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    assert.ok(linked.length > 0, `${step.id} links no command`);
    for (const id of [...linked, ...awaited]) {
      if (id.startsWith('flowEdn.') && ours.has(id)) assert.ok(id in commands, `${id} is contributed but not registered (client/commands.ts)`);
      else if (PENDING.includes(id)) pending.push(id);
      else assert.ok(BUILT_IN.includes(id) || ours.has(id), `${step.id}: ${id} is neither a Flow EDN command nor a known VS Code command`);
    }
  }
  const missing = [...new Set(pending)].filter((id) => !ours.has(id));
  if (missing.length > 0) console.log(`# walkthrough: ${missing.join(', ')} not contributed on this branch yet (built in parallel by issue 13)`);
});

test('the walkthrough example checks clean, waits for approval, and completes when approved', () => {
  const work = mkdtempSync(join(tmpdir(), 'flow-edn-walkthrough-'));
  try {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'out/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const checked = cli('check', 'walkthrough/order-approval.flow.edn');
    assert.equal(checked.status, 0, checked.stdout);
    assert.match(checked.stdout, /2 files checked: 0 errors, 0 warnings/, 'the flow and the scenario beside it');
    const db = join(work, 'runs.db');
    const run = cli('run', 'walkthrough/order-approval.flow.edn', '--db', db);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /WAITING/);
    assert.match(run.stdout, /Needs approval\?.*yes/);
    const approved = cli('approve', 'last', '--db', db);
    assert.equal(approved.status, 0, approved.stderr);
    assert.match(approved.stdout, /COMPLETED/);
    assert.match(approved.stdout, /:decision :approve/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
