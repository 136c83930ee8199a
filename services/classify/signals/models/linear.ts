// A loaded sparse linear model: featurised text -> logits -> calibrated probabilities.
import type { Artifact, ArtifactHeader, Calibration } from './artifact';
import type { SparseVector } from './featurise';

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Calibrated probabilities from one row of logits (written into `out`). */
export function calibrate(cal: Calibration, logits: ArrayLike<number>, out: Float64Array): void {
  const C = out.length;
  if (cal.method === 'platt') {
    for (let c = 0; c < C; c++) out[c] = sigmoid((cal.a[c] ?? 1) * logits[c]! + (cal.b[c] ?? 0));
    return;
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) {
    out[c] = logits[c]! / cal.t + (cal.bias[c] ?? 0);
    max = Math.max(max, out[c]!);
  }
  let sum = 0;
  for (let c = 0; c < C; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < C; c++) out[c]! /= sum;
}

export class LinearModel {
  readonly header: ArtifactHeader;
  readonly outputs: number;
  /** bucket -> weight row, -1 when the bucket has no weights. */
  readonly rowOf: Int32Array;
  /** Row-major [rows + 1, outputs]; the extra last row is all zeros (target for unknown buckets). */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly rows: number;

  constructor(artifact: Artifact) {
    const { header, buckets, weights } = artifact;
    this.header = header;
    this.outputs = header.labels.length;
    this.rows = buckets.length;
    this.rowOf = new Int32Array(header.featuriser.buckets).fill(-1);
    for (let r = 0; r < buckets.length; r++) this.rowOf[buckets[r]!] = r;
    this.weights = new Float32Array((this.rows + 1) * this.outputs);
    this.weights.set(weights);
    this.bias = Float32Array.from(header.weights.bias);
  }

  /** Logits of one featurised text, accumulated in float64 in a fixed order (deterministic). */
  logits(x: SparseVector, out: Float64Array = new Float64Array(this.outputs)): Float64Array {
    const C = this.outputs;
    for (let c = 0; c < C; c++) out[c] = this.bias[c]!;
    const W = this.weights;
    const rowOf = this.rowOf;
    const { indices, values } = x;
    for (let k = 0; k < indices.length; k++) {
      const r = rowOf[indices[k]!]!;
      if (r < 0) continue;
      const v = values[k]!;
      let p = r * C;
      let c = 0;
      // Unrolled by four: ~20% faster for the 77-way router, same summation order per output.
      for (; c + 3 < C; c += 4, p += 4) {
        out[c]! += v * W[p]!;
        out[c + 1]! += v * W[p + 1]!;
        out[c + 2]! += v * W[p + 2]!;
        out[c + 3]! += v * W[p + 3]!;
      }
      for (; c < C; c++, p++) out[c]! += v * W[p]!;
    }
    return out;
  }

  /** Calibrated probabilities of one featurised text. */
  predict(x: SparseVector): Float64Array {
    const out = new Float64Array(this.outputs);
    calibrate(this.header.calibration, this.logits(x), out);
    return out;
  }

  /** Weight of `bucket` towards `output` (for softmax models: relative to the mean over classes). */
  contribution(bucket: number, output: number): number {
    const r = this.rowOf[bucket]!;
    if (r < 0) return 0;
    const C = this.outputs;
    const w = this.weights[r * C + output]!;
    if (this.header.kind === 'sigmoid') return w;
    let mean = 0;
    for (let c = 0; c < C; c++) mean += this.weights[r * C + c]!;
    return w - mean / C;
  }
}

/**
 * Several models that share one featuriser, fused into one weight table: one bucket lookup per
 * feature and one contiguous row of all their outputs, instead of a lookup per model (the lookups
 * into each model's 1 MB bucket table dominate for small output counts). Logits are identical to
 * each model's own `logits` (same terms, same order per output).
 */
export class FusedLinear {
  readonly models: readonly LinearModel[];
  /** Column offset of each model's outputs. */
  readonly offsets: number[];
  readonly width: number;
  private readonly rowOf: Int32Array;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;

  constructor(models: readonly LinearModel[]) {
    if (models.length === 0) throw new RangeError('FusedLinear needs at least one model');
    const buckets = models[0]!.header.featuriser.buckets;
    this.models = models;
    this.offsets = [];
    let width = 0;
    for (const m of models) {
      if (m.header.featuriser.buckets !== buckets) throw new RangeError('fused models must share a featuriser');
      this.offsets.push(width);
      width += m.outputs;
    }
    this.width = width;
    this.rowOf = new Int32Array(buckets).fill(-1);
    let rows = 0;
    for (let b = 0; b < buckets; b++) if (models.some((m) => m.rowOf[b]! >= 0)) this.rowOf[b] = rows++;
    this.weights = new Float32Array(rows * width);
    models.forEach((m, k) => {
      const off = this.offsets[k]!;
      for (let b = 0; b < buckets; b++) {
        const r = m.rowOf[b]!;
        if (r < 0) continue;
        const fr = this.rowOf[b]!;
        for (let c = 0; c < m.outputs; c++) this.weights[fr * width + off + c] = m.weights[r * m.outputs + c]!;
      }
    });
    this.bias = new Float64Array(width);
    models.forEach((m, k) => m.bias.forEach((v, c) => (this.bias[this.offsets[k]! + c] = v)));
  }

  /** Logits of all fused models for one text, written to out[at .. at + width). */
  logits(x: SparseVector, out: Float64Array | Float32Array, at: number): void {
    const C = this.width;
    const acc = new Float64Array(C);
    acc.set(this.bias);
    const W = this.weights;
    const rowOf = this.rowOf;
    const { indices, values } = x;
    for (let k = 0; k < indices.length; k++) {
      const r = rowOf[indices[k]!]!;
      if (r < 0) continue;
      const v = values[k]!;
      let p = r * C;
      for (let c = 0; c < C; c++, p++) acc[c]! += v * W[p]!;
    }
    for (let c = 0; c < C; c++) out[at + c] = acc[c]!;
  }
}
