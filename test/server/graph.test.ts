// flowEdn/graph over the real protocol: every example flow (each `(flow/step` in the text is
// one step node whose range is that call and whose selection is its id; each `^{:label` is one
// branch node whose two edges carry its :yes/:no), the founding flow's exact shape, steps in
// `let`s, nested ifs, loops as groups, :on-error / :on-timeout / catch paths, entry points of
// both dialects, and broken files (the last good graph, flagged stale, until the text reads).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Range } from 'vscode-languageserver-protocol';
import * as lspExt from '../../server/lsp-ext';
import type { GraphResult } from '../../server/lsp-ext';
import { docUri, LspClient } from './support/client';
import { flow } from './fixtures';

const examplesDir = join(__dirname, '..', '..', '..', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.flow.edn')).sort();

function slice(text: string, range: Range): string {
  const lines = text.split('\n');
  const at = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(at(range.start), at(range.end));
}

/** `from -kind[label]-> to` with node titles, for compact assertions. */
function edgeLines(result: GraphResult): string[] {
  const title = new Map([...result.graph.nodes.map((n) => [n.id, n.title] as const), ...result.graph.groups.map((g) => [g.id, `[${g.title}]`] as const)]);
  return result.graph.edges.map((e) => `${title.get(e.from)} -${e.kind}${e.label !== undefined ? `[${e.label}]` : ''}-> ${title.get(e.to)}`);
}

describe('flowEdn/graph', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  async function graphOf(text: string): Promise<GraphResult> {
    const uri = docUri('graph');
    await client.open(uri, text);
    const result = await client.connection.sendRequest(lspExt.graph, { textDocument: { uri } });
    await client.close(uri);
    assert.ok(result, 'no graph for an open document');
    return result;
  }

  for (const name of examples) {
    test(`every step and labelled if of examples/${name}`, async () => {
      const text = readFileSync(join(examplesDir, name), 'utf8');
      const result = await graphOf(text);
      assert.equal(result.stale, false, `stale: ${JSON.stringify(result.problem)}`);
      const { nodes, edges, groups } = result.graph;
      const steps = nodes.filter((n) => n.kind === 'step');
      assert.equal(steps.length, text.split('(flow/step ').length - 1, 'one node per (flow/step call');
      for (const s of steps) {
        assert.ok(slice(text, s.range).startsWith('(flow/step '), `range of ${s.stepId}: ${slice(text, s.range).slice(0, 30)}`);
        assert.equal(slice(text, s.selection), `:${s.stepId}`);
      }
      const branches = nodes.filter((n) => n.kind === 'branch' && n.label !== null);
      assert.equal(branches.length, text.split('^{:label ').length - 1, 'one branch node per labelled if');
      for (const b of branches) {
        const out = edges.filter((e) => e.from === b.id);
        assert.deepEqual(out.map((e) => e.kind).sort(), ['no', 'yes'], `edges of ${b.title}`);
        for (const e of out) assert.ok(slice(text, b.range).includes(`:${e.kind} ${JSON.stringify(e.label)}`), `${b.title}'s ${e.kind} edge is labelled ${e.label}`);
        assert.equal(slice(text, b.selection), JSON.stringify(b.label));
      }
      // Every edge joins two things drawn; every node but the entries is reached, and all but the end lead on.
      const ids = new Set([...nodes.map((n) => n.id), ...groups.map((g) => g.id)]);
      for (const e of edges) assert.ok(ids.has(e.from) && ids.has(e.to), `edge ${e.id} joins unknown ${e.from} -> ${e.to}`);
      for (const n of nodes) {
        if (n.kind !== 'entry' && n.kind !== 'start') assert.ok(edges.some((e) => e.to === n.id), `${n.title} is never reached`);
        if (n.kind !== 'end' && n.kind !== 'fail') assert.ok(edges.some((e) => e.from === n.id), `${n.title} leads nowhere`);
      }
      assert.equal(nodes.filter((n) => n.kind === 'end').length, 1);
    });
  }

  test("the founding flow's corrected copy, edge by edge, with key facts", async () => {
    const result = await graphOf(readFileSync(join(examplesDir, 'advanced-order-orchestration-fixed.flow.edn'), 'utf8'));
    assert.deepEqual(edgeLines(result), [
      'Run -entry-> fetch-order',
      'Hourly -entry-> fetch-order',
      'Order Updated -entry-> fetch-order',
      'fetch-order -next-> fetch-risk',
      'fetch-risk -next-> risk-summary',
      'risk-summary -next-> persist-risk',
      'persist-risk -next-> Manager approval required?',
      'Manager approval required? -yes[Wait for manager action]-> manager-approval',
      'manager-approval -next-> Fulfillment decision',
      'manager-approval -timeout[timeout: continue]-> Fulfillment decision',
      'Manager approval required? -no[Auto-approve]-> Fulfillment decision',
      'Fulfillment decision -yes[Create fulfillment]-> fulfill-order',
      'fulfill-order -next-> write-audit',
      'Fulfillment decision -no[Skip fulfillment]-> write-audit',
      'write-audit -next-> send-outcome-email',
      'send-outcome-email -next-> End',
    ]);
    const facts = (id: string) => Object.fromEntries(result.graph.nodes.find((n) => n.stepId === id)!.facts.map((f) => [f.name, f.value]));
    assert.deepEqual(facts('fetch-order'), { connection: ':orders-api', request: 'GET (str "/orders/" order-id)', retry: '3' });
    assert.deepEqual(facts('fetch-risk'), { connection: ':orders-api', template: ':fetch-risk', retry: '3' });
    assert.deepEqual(facts('risk-summary'), { function: ':risk-summary' });
    assert.equal(facts('manager-approval').timeout, '2h');
    assert.equal(facts('manager-approval')['on-timeout'], ':continue');
    const entries = result.graph.nodes.filter((n) => n.kind === 'entry').map((n) => `${n.type} ${n.title}`);
    assert.deepEqual(entries, ['manual Run', 'schedule Hourly', 'webhook Order Updated']);
  });

  test('steps in let bindings, nested ifs, a loop as a group, error and timeout paths', async () => {
    const text = flow(`(let [input (flow/input)
        a (flow/step :http :a {:url "https://x" :method :get :on-error :skip})
        b ^{:label "Outer" :yes "Go" :no "Stop"}
          (if (:go input)
            (let [c ^{:label "Inner" :yes "Deep" :no "Shallow"}
                    (if (:deep input) (flow/step :sleep :c {:seconds 1}) :shallow)]
              (flow/step :function :d {:code '(fn [x] x) :input c}))
            :stopped)
        e (vec (for [i (:items input)] (flow/step :http :e {:url "https://x" :json i :on-error :fail})))
        w (flow/step :wait :w {:key "k" :timeout "1h"})]
    [a b e w])`);
    const result = await graphOf(text);
    assert.deepEqual(edgeLines(result), [
      'Run -entry-> a',
      'a -next-> Outer',
      'a -error[on error: skip]-> Outer',
      'Outer -yes[Go]-> Inner',
      'Inner -yes[Deep]-> c',
      'c -next-> d',
      'Inner -no[Shallow]-> d',
      'd -next-> [for [i (:items input)]]',
      'Outer -no[Stop]-> [for [i (:items input)]]',
      'e -error[on error]-> Run fails',
      '[for [i (:items input)]] -next-> w',
      'w -timeout[timeout]-> Run fails',
      'w -next-> End',
    ]);
    const e = result.graph.nodes.find((n) => n.stepId === 'e')!;
    assert.equal(e.group, result.graph.groups[0]!.id, 'the looped step sits in the loop group');
    assert.equal(slice(text, result.graph.groups[0]!.range).slice(0, 5), '(for ');
  });

  test('an unlabelled if holding steps is a branch; one without steps is not; catch is an error path', async () => {
    const text = flow(`(let [input (flow/input)
        x (if (:a input) 1 2)
        y (when (:b input) (flow/step :sleep :nap {:seconds 1}))
        z (try (flow/step :http :risky {:url "https://x"})
               (catch Exception e (flow/step :http :fallback {:url "https://y"})))]
    [x y z])`);
    const result = await graphOf(text);
    assert.deepEqual(edgeLines(result), [
      'Run -entry-> when (:b input)',
      'when (:b input) -yes[yes]-> nap',
      'nap -next-> risky',
      'when (:b input) -no[no]-> risky',
      'risky -error[catch]-> fallback',
      'risky -next-> End',
      'fallback -next-> End',
    ]);
    assert.equal(result.graph.nodes.find((n) => n.kind === 'branch')!.label, null);
  });

  test('cond is a chain of branches; case one branch with an edge per constant', async () => {
    const text = flow(`(let [input (flow/input)
        a (cond (:x input) (flow/step :sleep :nap {:seconds 1})
                (:y input) :y
                :else (flow/step :sleep :rest {:seconds 2}))
        b (case (:kind input)
            :big (flow/step :http :big {:url "https://x"})
            :small :nothing)]
    [a b])`);
    const result = await graphOf(text);
    assert.deepEqual(edgeLines(result), [
      'Run -entry-> cond (:x input)',
      'cond (:x input) -yes[yes]-> nap',
      'cond (:x input) -no[no]-> cond (:y input)',
      'cond (:y input) -no[no]-> rest',
      'nap -next-> case (:kind input)',
      'cond (:y input) -yes[yes]-> case (:kind input)',
      'rest -next-> case (:kind input)',
      'case (:kind input) -case[:big]-> big',
      'case (:kind input) -error[no match]-> Run fails',
      'big -next-> End',
      'case (:kind input) -case[:small]-> End',
    ]);
  });

  test('condp is one branch with an edge per test (:>> too) and no-match failing; mapv / run! / reduce over steps are loop groups', async () => {
    const text = flow(`(let [input (flow/input)
        a (condp = (:kind input)
            :big (flow/step :http :big {:url "https://x"})
            :odd :>> (fn [k] (flow/step :sleep :odd {:seconds 1}))
            :small :nothing)
        b (condp = (:size input)
            1 (flow/step :sleep :one {:seconds 1})
            (flow/step :sleep :other {:seconds 2}))
        c (mapv (fn [item] (flow/step :http :post-item {:url "https://x" :json item})) (:items input))
        d (run! (fn [s] (flow/step :sleep :nap {:seconds s})) [1 2])
        e (reduce (fn [acc x] (flow/step :function :add {:code '(fn [v] v) :input {:acc acc :x x}})) 0 (:nums input))
        f (mapv inc [1 2])]
    [a b c d e f])`);
    const result = await graphOf(text);
    assert.deepEqual(edgeLines(result), [
      'Run -entry-> condp = (:kind input)',
      'condp = (:kind input) -case[:big]-> big',
      'condp = (:kind input) -case[:odd]-> odd',
      'condp = (:kind input) -error[no match]-> Run fails',
      'big -next-> condp = (:size input)',
      'odd -next-> condp = (:size input)',
      'condp = (:kind input) -case[:small]-> condp = (:size input)',
      'condp = (:size input) -case[1]-> one',
      'condp = (:size input) -case[default]-> other',
      'one -next-> [mapv over (:items input)]',
      'other -next-> [mapv over (:items input)]',
      '[mapv over (:items input)] -next-> [run! over [1 2]]',
      '[run! over [1 2]] -next-> [reduce over (:nums input)]',
      '[reduce over (:nums input)] -next-> End',
    ]);
    const groupOf = (id: string) => result.graph.groups.find((g) => g.id === result.graph.nodes.find((n) => n.stepId === id)!.group)?.title;
    assert.equal(groupOf('post-item'), 'mapv over (:items input)');
    assert.equal(groupOf('nap'), 'run! over [1 2]');
    assert.equal(groupOf('add'), 'reduce over (:nums input)');
    assert.equal(result.graph.groups.length, 3, 'a mapv whose function holds no step is no group');
  });

  test('current-dialect entry points: interfaces and schedules', async () => {
    const result = await graphOf(readFileSync(join(examplesDir, 'imported-current-dialect.flow.edn'), 'utf8'));
    const entries = result.graph.nodes.filter((n) => n.kind === 'entry').map((n) => `${n.type} ${n.title} ${n.facts.map((f) => `${f.name}=${f.value}`).join(',')}`);
    assert.deepEqual(entries, ['manual Run invocation=:default', 'webhook webhook event-name=webhook,invocation=:default', 'schedule Schedule cron=0 * * * *,timezone=UTC']);
  });

  test('a broken file keeps its last good graph, flagged stale, until it reads again', async () => {
    const uri = docUri('graph-broken');
    const text = readFileSync(join(examplesDir, 'retry-compensation.flow.edn'), 'utf8');
    await client.open(uri, text);
    const good = await client.connection.sendRequest(lspExt.graph, { textDocument: { uri } });
    assert.equal(good?.stale, false);
    // Delete the `)` closing the receipt branch's step call: the text no longer reads.
    const at = text.indexOf('(:id charge)}})') + '(:id charge)}}'.length;
    assert.ok(at > 100);
    const v2 = client.edit(uri, at, at + 1, '');
    const stale = await client.connection.sendRequest(lspExt.graph, { textDocument: { uri } });
    assert.equal(stale?.version, v2);
    assert.equal(stale?.stale, true);
    assert.equal(stale?.graphVersion, good!.version);
    assert.deepEqual(stale?.graph, good!.graph, 'the last good graph is answered unchanged');
    assert.ok(stale?.problem && stale.problem.line > 1, `a problem with its line: ${JSON.stringify(stale?.problem)}`);
    // Mend it and rename a step: a fresh graph of the new text.
    const v3 = client.edit(uri, at, at, ')');
    const renamed = client.text(uri).indexOf(':send-receipt');
    client.edit(uri, renamed, renamed + ':send-receipt'.length, ':mail-receipt');
    const fresh = await client.connection.sendRequest(lspExt.graph, { textDocument: { uri } });
    assert.equal(fresh?.stale, false);
    assert.ok(fresh!.version > v3);
    assert.deepEqual(fresh?.graph.nodes.filter((n) => n.kind === 'step').map((n) => n.stepId), ['create-charge', 'mail-receipt', 'summarize-result']);
    await client.close(uri);
  });

  test('a file that never read answers its best graph, stale; a closed document has none', async () => {
    const result = await graphOf(flow('(let [a (flow/step :http :a {:url "https://x"})] a'));
    assert.equal(result.stale, true);
    assert.ok(result.problem !== null);
    assert.equal(await client.connection.sendRequest(lspExt.graph, { textDocument: { uri: 'file:///nowhere.flow.edn' } }), null);
  });

  test('a code lens above :flow opens the graph', async () => {
    const uri = docUri('lens');
    const text = readFileSync(join(examplesDir, 'hello-world.flow.edn'), 'utf8');
    await client.open(uri, text);
    const lenses = await client.request<{ range: Range; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri } });
    await client.close(uri);
    assert.equal(lenses.length, 1);
    assert.equal(slice(text, lenses[0]!.range), ':flow');
    assert.deepEqual(lenses[0]!.command, { title: 'Open Flow Graph', command: 'flowEdn.openGraph', arguments: [uri] });
  });

  test('typed custom requests: ping and documentStats through the same objects', async () => {
    assert.deepEqual(await client.connection.sendRequest(lspExt.ping, { token: 3 }), { token: 3 });
    assert.equal(await client.connection.sendRequest(lspExt.documentStats, { uri: 'file:///nowhere.flow.edn' }), null);
  });
});
