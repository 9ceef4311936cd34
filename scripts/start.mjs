// `npm start`: the main job on the embedded defaults. Checks every example flow, then runs
// the founding flow's default scenario (as the platform would run it) and the corrected
// copy's (the approval branch fires), printing each run's timeline.
import { spawnSync } from 'node:child_process';

const cli = (args) => {
  console.log(`\n$ flow-edn ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['out/cli.js', ...args], { stdio: 'inherit', env: { ...process.env, FLOW_EDN_USER: process.env.FLOW_EDN_USER ?? 'npm-start' } });
  return r.status ?? 1;
};

let failed = 0;
if (cli(['check', 'examples']) !== 0) failed++;
if (cli(['run', 'examples/advanced-order-orchestration.flow.edn']) !== 0) failed++;
if (cli(['run', 'examples/advanced-order-orchestration-fixed.flow.edn']) !== 0) failed++;
if (cli(['test', 'examples']) !== 0) failed++;
console.log(failed === 0 ? '\nAll done. Runs are kept in .flow-edn/runs.db: try `node out/cli.js runs` and `node out/cli.js show <run-id>`.' : `\n${failed} step(s) failed.`);
process.exit(failed === 0 ? 0 : 1);
