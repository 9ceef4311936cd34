// Edits a half-typed change leaves behind, as fast-check arbitraries, and their application:
// the broken files of the reader's fuzz corpus (shared by the reader and repair suites).

import fc from 'fast-check';

/** Snippets a half-typed edit leaves behind. */
export const fragments = [
  '(', ')', '[', ']', '{', '}', '"', '#', '^', "'", '\\', ';', ':', '`', '~', '~@', '@', ',', '\n', ' ',
  '#_', '#{', '#(', '#?(', '#?@(', '#:flow{', '#=', '#"', '##', '##Inf', '#inst ', '#env "', "#'",
  ':a', ':flow/', '::', ':a/', ':order-', '::x/', '\\u', '\\u00', '\\o7', '\\newl', '"\\', '"\\u12',
  '1/', '0x', '1e', '1.5M', '12N', '2r', '-', '+1', 'nil', 'fal', '(flow/step :http :x {', '^{:label ', '%&', '\ud83d', 'é',
];

export type Mutation =
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'replace'; at: number; s: string }
  | { op: 'splice'; from: number; len: number; at: number }
  | { op: 'truncate'; at: number };

const position = fc.nat({ max: 1 << 20 });
const insertText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...fragments) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, s: insertText }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: position, s: insertText }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('splice' as const), from: position, len: fc.integer({ min: 1, max: 200 }), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
);

export function mutate(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    switch (m.op) {
      case 'insert':
        t = t.slice(0, at) + m.s + t.slice(at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'replace':
        t = t.slice(0, at) + m.s + t.slice(at + m.s.length);
        break;
      case 'splice': {
        const from = t.length === 0 ? 0 : m.from % t.length;
        const slice = t.slice(from, from + m.len);
        t = t.slice(0, at) + slice + t.slice(at);
        break;
      }
      case 'truncate':
        t = t.slice(0, at);
        break;
    }
  }
  return t;
}

