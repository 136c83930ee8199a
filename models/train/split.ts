// Deterministic, label-stratified, duplicate-aware train/validation split.

/** mulberry32: a small seeded PRNG; same seed, same sequence on every platform. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}

/**
 * Split row indices into train and validation. Rows with the same `groupKey` (e.g. the normalised
 * text) always land on the same side, so exact duplicates cannot leak into validation. Groups are
 * stratified by `strataKey` of their first row: for each stratum (sorted), groups are shuffled with
 * the seeded PRNG and moved to validation until the stratum's validation share reaches `fraction`.
 */
export function stratifiedGroupSplit(
  n: number,
  strataKey: (i: number) => string,
  groupKey: (i: number) => string,
  fraction: number,
  seed: number,
): { train: number[]; val: number[] } {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groupKey(i);
    const rows = groups.get(g);
    if (rows) rows.push(i);
    else groups.set(g, [i]);
  }
  const strata = new Map<string, number[][]>();
  for (const rows of groups.values()) {
    const s = strataKey(rows[0]!);
    const list = strata.get(s);
    if (list) list.push(rows);
    else strata.set(s, [rows]);
  }
  const rand = rng(seed);
  const val: number[] = [];
  for (const key of [...strata.keys()].sort()) {
    const list = shuffle(strata.get(key)!, rand);
    const total = list.reduce((a, g) => a + g.length, 0);
    const want = Math.round(fraction * total);
    let taken = 0;
    for (const g of list) {
      if (taken >= want) break;
      val.push(...g);
      taken += g.length;
    }
  }
  const inVal = new Uint8Array(n);
  for (const i of val) inVal[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!inVal[i]) train.push(i);
  val.sort((a, b) => a - b);
  return { train, val };
}
