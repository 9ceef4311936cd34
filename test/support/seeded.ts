// Seeded pseudo-random numbers for tests that explore many cases (random edits, kill points):
// the same seed gives the same sequence, so a failure names a seed that reproduces it.

/** mulberry32: small, seeded, good enough to spread test cases. Numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
