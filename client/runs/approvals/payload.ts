// Turns what the Approvals page sends for Complete (the form's fields, or a raw EDN/JSON
// value) into the value the wait resolves with, or into one message saying what is wrong
// and where (the field, the line and column), so a bad value is refused before anything is sent.

import { Map as IMap } from 'immutable';
import { nodeToValue } from '../../../engine/edn/convert';
import { readEdn } from '../../../engine/edn/reader';
import { Keyword, Sym, type Value } from '../../../engine/edn/values';
import { jsonToValue } from '../../../engine/run/codec';
import type { CompletePayload, PayloadField } from '../../webviews/approvals/messages';
import { fieldKey } from '../../webviews/approvals/messages';

export type Parsed = { ok: true; value: Value } | { ok: false; message: string };

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/**
 * One EDN form; a lone symbol is taken as the string it spells (`yes` -> "yes"). For a form
 * field (`words`), text that reads as several plain forms is the string as typed (`fine by me`).
 */
export function parseEdn(text: string, words = false): Parsed {
  const parsed = readEdn(text);
  const error = parsed.findings.find((f) => f.severity === 'error');
  if (error !== undefined) return { ok: false, message: `${error.message} (${lineColumn(text, error.start)})` };
  if (words && parsed.forms.length > 1 && parsed.forms.every((f) => f.kind === 'symbol' || f.kind === 'number' || f.kind === 'keyword')) return { ok: true, value: text.trim() };
  if (parsed.forms.length !== 1) return { ok: false, message: parsed.forms.length === 0 ? 'no value: write one EDN value, e.g. {:amount 250}' : `${parsed.forms.length} values where one is expected (wrap them in a map or vector)` };
  const value = nodeToValue(parsed.forms[0]!);
  return { ok: true, value: value instanceof Sym && value.ns === null ? value.name : value };
}

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: jsonToValue(JSON.parse(text)) };
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
}

function keyOf(name: string, keyword: boolean): Value {
  return keyword ? Keyword.of(name) : name;
}

/** The payload of a Complete, validated; `fields` says which keys the form offered. */
export function completePayload(payload: CompletePayload, fields: readonly PayloadField[]): Parsed {
  if (payload.kind === 'raw') {
    const parsed = payload.format === 'json' ? parseJson(payload.text) : parseEdn(payload.text);
    if (!parsed.ok) return { ok: false, message: `the ${payload.format.toUpperCase()} payload is refused: ${parsed.message}` };
    return parsed;
  }
  let map = IMap<Value, Value>();
  for (const field of fields) {
    const text = payload.fields[fieldKey(field)];
    if (text === undefined || text.trim() === '') continue;
    const parsed = parseEdn(text, true);
    if (!parsed.ok) return { ok: false, message: `field ${field.path.map((p) => (field.keyword ? ':' : '') + p).join(' ')} is refused: ${parsed.message}` };
    map = map.setIn(field.path.map((p) => keyOf(p, field.keyword)), parsed.value);
  }
  const unknown = Object.keys(payload.fields).filter((k) => !fields.some((f) => fieldKey(f) === k));
  if (unknown.length > 0) return { ok: false, message: `the form has no field ${unknown.join(', ')}` };
  return { ok: true, value: map };
}
