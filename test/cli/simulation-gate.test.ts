// `run` and `test` check a simulation file as `check` does and refuse it with the same
// findings (issue 10 #10, issue 9's simulation item): `:mocks [1 2 3]`, a string mock,
// `:clock {:start 12}`, `:expect 5`, and an empty mock vector (which made a real request).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let requests = 0;
const server = createServer((req, res) => {
  requests++;
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
let url = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const FLOW = `{:slug :gate :name "Gate"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth {:type :none}}]
 :flow '(let [r (flow/step :http :fetch {:connection :api :path "/x"})] {:ok (:status r)})}
`;

const cases: [string, (u: string) => string, RegExp][] = [
  ['mocks-vector', (u) => `{:bindings {:api {:base-url "${u}"}} :mocks [1 2 3] :expect {:status :completed}}`, /:mocks is a map of step id to mock/],
  ['string-mock', (u) => `{:bindings {:api {:base-url "${u}"}} :mocks {:fetch "ok"} :expect {:status :completed}}`, /The mock for :fetch is a response map/],
  ['clock-number', (u) => `{:bindings {:api {:base-url "${u}"}} :clock {:start 12} :expect {:status :completed}}`, /:clock :start is an ISO date string/],
  ['expect-number', (u) => `{:bindings {:api {:base-url "${u}"}} :expect 5}`, /:expect is a map/],
  ['empty-mock', (u) => `{:bindings {:api {:base-url "${u}"}} :mocks {:fetch []} :expect {:status :completed}}`, /empty vector, which mocks no attempt/],
];

const findingLines = (text: string) => text.split('\n').filter((l) => /:\d+:\d+: error /.test(l));

for (const [name, sim, message] of cases) {
  test(`${name}: check reports it; run and test refuse it with the same findings and send nothing`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-edn-simgate-'));
    const flowPath = join(dir, 'gate.flow.edn');
    writeFileSync(flowPath, FLOW);
    writeFileSync(join(dir, 'gate.sim.edn'), sim(url));
    const before = requests;
    const check = await run(['check', dir]);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, message);
    const r = await run(['run', flowPath, '--db', join(dir, 'runs.db')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.deepEqual(findingLines(r.stderr), findingLines(check.stdout));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const t = await run(['test', dir, '--format', 'json']);
    assert.equal(t.code, 1, t.stdout + t.stderr);
    const report = JSON.parse(t.stdout) as { scenarios: { passed: boolean; problems: string[] }[] };
    assert.equal(report.scenarios[0]!.passed, false);
    assert.match(report.scenarios[0]!.problems.join('\n'), message);
    assert.equal(requests, before, 'no request was made');
  });
}
