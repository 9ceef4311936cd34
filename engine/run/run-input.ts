// What `(flow/input)` returns: the run input with `:flow/ctx` (run id, flow slug, trigger, a
// workspace placeholder), as the platform gives it; entries a front already put there (the
// local runtime's source and receipt time) are kept. String and keyword keys both work on
// lookup (`(get input "order-id")`), as the platform normalises them.

import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { markKeyLenient } from '../interp/index';

/** The workspace id runs see locally; the platform puts the real one here. */
export const LOCAL_WORKSPACE_ID = 'ws-local';

const ctxKey = Keyword.of('ctx', 'flow');

export function flowCtx(run: { runId: string; flow: string; trigger: string | null }): IMap<Value, Value> {
  return IMap<Value, Value>([
    [Keyword.of('run-id'), run.runId],
    [Keyword.of('workflow-id'), run.runId],
    [Keyword.of('flow-slug'), run.flow],
    [Keyword.of('slug'), run.flow],
    [Keyword.of('trigger'), run.trigger],
    [Keyword.of('workspace-id'), LOCAL_WORKSPACE_ID],
  ]);
}

/** The input a run's body sees. A non-map input is handed over as it is. */
export function runInput(raw: Value, run: { runId: string; flow: string; trigger: string | null }): Value {
  if (raw !== null && !IMap.isMap(raw)) return raw;
  const map = (raw ?? IMap()) as IMap<Value, Value>;
  const given = map.get(ctxKey);
  const ctx = IMap.isMap(given) ? flowCtx(run).merge(given as IMap<Value, Value>) : flowCtx(run);
  const input = map.set(ctxKey, ctx);
  markKeyLenient(input);
  return input;
}
