// Featurised datasets in CSR form, and the bucket -> column compaction used for training.
import { Featuriser, type FeaturiserConfig } from '../../services/classify/signals/models/featurise';
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { Progress } from './progress';

/** Rows of sparse vectors; `indices` are hash buckets (or compact columns after `selectColumns`). */
export interface Csr {
  n: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** normaliseText then featurise every text (the same path the runtime takes). */
export function featuriseAll(texts: readonly string[], config: Readonly<FeaturiserConfig>, label: string): Csr {
  const f = new Featuriser(config);
  const rows = new Array<{ indices: Int32Array; values: Float32Array }>(texts.length);
  const bar = new Progress(`featurise ${label}`, texts.length);
  let nnz = 0;
  for (let i = 0; i < texts.length; i++) {
    const v = f.featurise(normaliseText(texts[i]!));
    rows[i] = v;
    nnz += v.indices.length;
    if ((i & 255) === 0) bar.update(i);
  }
  bar.done(texts.length);
  const indptr = new Int32Array(texts.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    indices.set(r.indices, p);
    values.set(r.values, p);
    p += r.indices.length;
    indptr[i + 1] = p;
  }
  return { n: texts.length, indptr, indices, values };
}

export function subset(m: Csr, rows: readonly number[]): Csr {
  let nnz = 0;
  for (const r of rows) nnz += m.indptr[r + 1]! - m.indptr[r]!;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  rows.forEach((r, i) => {
    const a = m.indptr[r]!;
    const b = m.indptr[r + 1]!;
    indices.set(m.indices.subarray(a, b), p);
    values.set(m.values.subarray(a, b), p);
    p += b - a;
    indptr[i + 1] = p;
  });
  return { n: rows.length, indptr, indices, values };
}

export function concat(a: Csr, b: Csr): Csr {
  const indptr = new Int32Array(a.n + b.n + 1);
  indptr.set(a.indptr);
  const off = a.indptr[a.n]!;
  for (let i = 1; i <= b.n; i++) indptr[a.n + i] = off + b.indptr[i]!;
  const indices = new Int32Array(a.indices.length + b.indices.length);
  indices.set(a.indices);
  indices.set(b.indices, a.indices.length);
  const values = new Float32Array(a.values.length + b.values.length);
  values.set(a.values);
  values.set(b.values, a.values.length);
  return { n: a.n + b.n, indptr, indices, values };
}

/**
 * Choose the buckets the model may use: those in at least `minDf` training rows, at most
 * `maxFeatures` of them (highest document frequency first, ties by bucket). Returns the bucket of
 * each column, and the training matrix re-indexed by column with unused buckets dropped (values are
 * NOT renormalised: at serving time unused buckets simply have weight 0, which is the same thing).
 */
export function selectColumns(m: Csr, buckets: number, minDf: number, maxFeatures: number): { columns: Int32Array; colOf: Int32Array } {
  const df = new Int32Array(buckets);
  for (let k = 0; k < m.indices.length; k++) df[m.indices[k]!]!++;
  const cand: number[] = [];
  for (let b = 0; b < buckets; b++) if (df[b]! >= minDf) cand.push(b);
  cand.sort((x, y) => df[y]! - df[x]! || x - y);
  const chosen = cand.slice(0, maxFeatures).sort((x, y) => x - y);
  const colOf = new Int32Array(buckets).fill(-1);
  chosen.forEach((b, c) => (colOf[b] = c));
  return { columns: Int32Array.from(chosen), colOf };
}

export function remap(m: Csr, colOf: Int32Array): Csr {
  let nnz = 0;
  for (let k = 0; k < m.indices.length; k++) if (colOf[m.indices[k]!]! >= 0) nnz++;
  const indptr = new Int32Array(m.n + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < m.n; i++) {
    for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++) {
      const c = colOf[m.indices[k]!]!;
      if (c >= 0) {
        indices[p] = c;
        values[p++] = m.values[k]!;
      }
    }
    indptr[i + 1] = p;
  }
  return { n: m.n, indptr, indices, values };
}
