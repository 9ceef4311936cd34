// Decorations of a run of a flow spread over `#flow/include` files (real RunService, real
// store): the run's source is matched to the flow file by expanding its includes as they are
// on disk now, and each note and dim lands in the file and line where its step or `if` is
// written; an edited included file no longer matches. A flow without includes keeps its notes
// on the lines the model gives.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decorationModel } from '../../client/runs/decoration-model';
import { placeDecorations } from '../../client/runs/decoration-places';
import { matchRunSource } from '../../client/runs/run-source';
import { runIncludedFlow } from '../client/support/include-run';

test('an included flow: notes and the untaken arm land in body.clj at the lines of their steps and if; an edit to body.clj unmatches the run', async () => {
  const { ws, service, flowPath, run } = await runIncludedFlow();
  const text = readFileSync(flowPath, 'utf8');
  assert.notEqual(run.source, text, 'the run ran the expanded text');

  const match = matchRunSource(run.source, text, flowPath);
  assert.ok(match !== undefined && match !== 'same', 'the flow file expands to the run\'s source');
  const placed = placeDecorations(decorationModel(run.source, service.events(run.id).map((e) => e.event)), run.source, match);
  const bodyPath = join(ws.dir, 'body.clj');
  assert.deepEqual([...placed.keys()], [bodyPath], 'every step and the if are written in body.clj');
  const body = readFileSync(bodyPath, 'utf8').split('\n');
  const part = placed.get(bodyPath)!;
  const noteOn = (pattern: RegExp) => part.notes.filter((n) => pattern.test(body[n.line]!)).map((n) => n.text);
  for (const step of ['score', 'label', 'audit', 'shout']) assert.match(noteOn(new RegExp(`flow/step :function :${step}\\b`)).join(), /^✓ completed/, step);
  assert.deepEqual(noteOn(/^\s+\(if \(> \(:total scored\) 50\)$/), ['⎇ Big order? → Shout'], 'the branch note on the line of the labelled if');
  assert.equal(part.notes.length, 5, JSON.stringify(part.notes));
  assert.equal(part.dims.length, 1);
  const dim = part.dims[0]!;
  assert.equal(dim.start.line, dim.end.line);
  assert.equal(body[dim.start.line]!.slice(dim.start.character, dim.end.character), 'labelled', 'the untaken else arm, exactly');
  assert.equal(body[dim.start.line - 1]!.trim(), ':input scored})', 'the line after the taken arm');

  writeFileSync(bodyPath, readFileSync(bodyPath, 'utf8').replace(':input scored})', ':input scored}) ;; edited'));
  assert.equal(matchRunSource(run.source, text, flowPath), undefined, 'body.clj changed since the run: no match');
  assert.equal(matchRunSource(run.source, run.source, flowPath), 'same');
  assert.equal(matchRunSource(run.source, text.replace(':name "Include orders"', ':name "Other"'), flowPath), undefined);
});
