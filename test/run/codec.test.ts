// Stored values always read back: encode -> decode is the identity for generated values of any
// size and any text (JSON-shaped data as services answer it, keywords made from any JSON key,
// strings that look like workspace ids or run past the source lint's length). Source lints
// never apply to stored data.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { List, Map as IMap, Set as ISet, is } from 'immutable';
import { decodeValue, encodeValue, jsonToValue } from '../../engine/run/codec';
import { valueToJson } from '../../engine/edn/printer';
import { Char, Keyword, Sym, type Value } from '../../engine/edn/values';

const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());

/** Values the engine stores: JSON data (keys from any text), keywords, symbols, chars, sets. */
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: false }).filter((n) => !Object.is(n, -0)),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)),
    anyText,
    anyText.map((s) => Keyword.parse(s)),
    fc.stringMatching(/^[a-z][a-z0-9*+!?-]{0,8}$/).map((s) => new Sym(null, s)),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).map((s) => new Char(s)),
    fc.array(tie('v'), { maxLength: 5 }).map((a) => List(a)),
    fc.array(tie('v'), { maxLength: 5 }).map((a) => ISet(a)),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 5 }).map((e) => IMap(e)),
  ),
})).v;

function roundTrips(v: Value): void {
  const text = encodeValue(v);
  const back = decodeValue(text);
  if (!is(back, v)) assert.fail(`did not read back: ${JSON.stringify(text).slice(0, 300)}`);
}

describe('stored values', () => {
  test('the strings the review found: workspace-id look-alikes and 5,000 characters', () => {
    for (const s of ['ws-abc123', 'x'.repeat(5000), 'ws-abc123 ' + 'y'.repeat(4001)]) roundTrips(s);
    roundTrips(jsonToValue({ id: 'x', note: 'ws-abc123', big: 'z'.repeat(5000) }));
  });

  test('keywords from any JSON key read back (spaces, brackets, quotes, empty)', () => {
    roundTrips(jsonToValue({ 'a b': 1, '': 2, '{': 3, 'x"y': 4, ':k': 5, 'a/': 6, '/': 7, '1': 8, '#x': 9, 'a;b': 10, '@': 11 }));
  });

  test('property: encode -> decode is the identity for any value', () => {
    fc.assert(fc.property(value, roundTrips), { numRuns: 1500, seed: 1010 });
  });

  test('property: any JSON a service answers reads back', () => {
    fc.assert(fc.property(fc.jsonValue(), (j) => roundTrips(jsonToValue(j))), { numRuns: 1000, seed: 1011 });
  });

  test('property: strings of any size read back', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 3000, maxLength: 9000 }), roundTrips), { numRuns: 50, seed: 1012 });
  });
});

describe('values to JSON keep every key (issue 10 #9)', () => {
  test('a "__proto__" key survives output and :json bodies', () => {
    const v = jsonToValue(JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "a": 3}'));
    const text = JSON.stringify(valueToJson(v));
    assert.deepEqual(JSON.parse(text), JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "a": 3}'));
    assert.equal(Object.getPrototypeOf(valueToJson(v)), Object.prototype, 'the key is data, not a prototype');
  });

  test('property: JSON -> values -> JSON is the identity, "__proto__" keys included', () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'a'), fc.string());
    const json = fc.letrec<{ j: unknown }>((tie) => ({
      j: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('j'), { maxLength: 4 }), fc.array(fc.tuple(key, tie('j')), { maxLength: 4 }).map((es) => JSON.parse(`{${es.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`))),
    })).j;
    fc.assert(fc.property(json, (j) => assert.equal(JSON.stringify(valueToJson(jsonToValue(j))), JSON.stringify(j))), { numRuns: 1000, seed: 909 });
  });
});
