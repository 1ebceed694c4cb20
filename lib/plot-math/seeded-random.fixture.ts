/** Deterministic random numbers for tests (mulberry32), so noisy fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal deviates (Box-Muller) from a seeded uniform source. */
export function seededNormal(seed: number): (sigma?: number) => number {
  const uniform = seededRandom(seed);
  return (sigma = 1) => {
    const u = 1 - uniform();
    const v = uniform();
    return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
