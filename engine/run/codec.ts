// Values <-> EDN text for the store (journal results, inputs, outputs), JSON <-> values for
// HTTP bodies, and secret redaction for everything that leaves the engine.

import { nodeToValue } from '../edn/convert';
import { printValue } from '../edn/printer';
import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';

export function encodeValue(v: Value): string {
  return printValue(v);
}

/** Parses EDN text written by `encodeValue`. Throws on unreadable text. */
export function decodeValue(text: string): Value {
  const parsed = readEdn(text);
  if (parsed.findings.length > 0 || parsed.forms.length !== 1) {
    throw new Error(`stored value is not readable EDN: ${parsed.findings[0]?.message ?? 'expected one form'}`);
  }
  return nodeToValue(parsed.forms[0]!);
}

/** JSON data -> values: objects become maps with keyword keys, arrays vectors. */
export { jsonToValue } from '../interp/json';

/** Replaces every occurrence of a secret value in text with `***`. */
export class Redactor {
  private readonly secrets: string[] = [];
  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 3 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }
  get size(): number {
    return this.secrets.length;
  }
  text(s: string): string {
    let out = s;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  }
  json<T>(data: T): T {
    if (this.secrets.length === 0) return data;
    return JSON.parse(this.text(JSON.stringify(data))) as T;
  }
}
