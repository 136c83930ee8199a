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
    for (let k = 0; k < x.indices.length; k++) {
      const r = this.rowOf[x.indices[k]!]!;
      if (r < 0) continue;
      const v = x.values[k]!;
      const base = r * C;
      for (let c = 0; c < C; c++) out[c]! += v * W[base + c]!;
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
