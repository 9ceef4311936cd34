// A 64-bit fingerprint of a byte array, for the code cache's key and checksum (./code-cache.ts):
// FNV-1a over little-endian 64-bit words (the tail zero-padded), started from the padded length.
// Any one changed word changes it (each step is a bijection of the state). Computed by a tiny
// WebAssembly module: node:crypto costs a tenth of a Node start to load, and a JS loop over half
// a megabyte runs mostly in the interpreter in a process this short.

/**
 * The module, hand-assembled: memory `m` (one page, grown by the caller), and `h(n: i32): i64`,
 *   h = n; for (i = 0; i < n; i += 8) h = (h ^ load64(i)) * 0x100000001b3
 */
const wasm = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7e, // types: (i32) -> i64
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
  0x07, 0x09, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x68, 0x00, 0x00, // exports: "m" memory 0, "h" func 0
  0x0a, 0x37, 0x01, 0x35, // code: one body of 0x35 bytes
  0x02, 0x01, 0x7f, 0x01, 0x7e, // locals: i (i32), h (i64)
  0x20, 0x00, 0xad, 0x21, 0x02, // h = u64(n)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01, // if (i >= n) break
  0x20, 0x02, 0x20, 0x01, 0x29, 0x03, 0x00, 0x85, // h ^ load64(i)
  0x42, 0xb3, 0x83, 0x80, 0x80, 0x80, 0x20, 0x7e, 0x21, 0x02, // h = ... * 0x100000001b3
  0x20, 0x01, 0x41, 0x08, 0x6a, 0x21, 0x01, // i += 8
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x20, 0x02, 0x0b, // return h
]);

/** The part of the WebAssembly API used here (the project's lib has no DOM types). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
interface Exports {
  m: { buffer: ArrayBuffer; grow(pages: number): number };
  h(n: number): bigint;
}

let instance: Exports | undefined;

/** The fingerprint of `bytes`: 16 hex digits of the hash, a dash, and the length in base 36. */
export function fingerprint(bytes: Uint8Array): string {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports as Exports;
  const padded = (bytes.length + 7) & ~7;
  const need = Math.ceil(padded / 65536) - instance.m.buffer.byteLength / 65536;
  if (need > 0) instance.m.grow(need);
  const memory = new Uint8Array(instance.m.buffer);
  memory.set(bytes);
  memory.fill(0, bytes.length, padded);
  return `${BigInt.asUintN(64, instance.h(padded)).toString(16).padStart(16, '0')}-${bytes.length.toString(36)}`;
}
