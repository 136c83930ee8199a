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
  /** row -> bucket (the artifact's sorted bucket list). */
  private readonly buckets: Uint32Array;

  constructor(artifact: Artifact) {
    const { header, buckets, weights } = artifact;
    this.header = header;
    this.outputs = header.labels.length;
    this.rows = buckets.length;
    this.buckets = buckets;
    this.rowOf = new Int32Array(header.featuriser.buckets).fill(-1);
    for (let r = 0; r < buckets.length; r++) this.rowOf[buckets[r]!] = r;
    this.weights = new Float32Array((this.rows + 1) * this.outputs);
    this.weights.set(weights);
    this.bias = Float32Array.from(header.weights.bias);
  }

  /**
   * Logits of one featurised text, accumulated in float64 in a fixed order (deterministic): each
   * output adds its terms in feature order. Four outputs per pass over the features, summed in locals
   * that V8 keeps in registers (for the 77-way router ~2x faster than a typed-array accumulator, and
   * the same sums, since the order per output is unchanged).
   */
  logits(x: SparseVector, out: Float64Array = new Float64Array(this.outputs)): Float64Array {
    const C = this.outputs;
    const W = this.weights;
    const rowOf = this.rowOf;
    const { indices, values } = x;
    const n = indices.length;
    let c0 = 0;
    for (; c0 + 3 < C; c0 += 4) {
      let a0 = this.bias[c0]!;
      let a1 = this.bias[c0 + 1]!;
      let a2 = this.bias[c0 + 2]!;
      let a3 = this.bias[c0 + 3]!;
      for (let k = 0; k < n; k++) {
        const r = rowOf[indices[k]!]!;
        if (r < 0) continue;
        const v = values[k]!;
        const p = r * C + c0;
        a0 += v * W[p]!;
        a1 += v * W[p + 1]!;
        a2 += v * W[p + 2]!;
        a3 += v * W[p + 3]!;
      }
      out[c0] = a0;
      out[c0 + 1] = a1;
      out[c0 + 2] = a2;
      out[c0 + 3] = a3;
    }
    for (; c0 < C; c0++) {
      let a = this.bias[c0]!;
      for (let k = 0; k < n; k++) {
        const r = rowOf[indices[k]!]!;
        if (r >= 0) a += values[k]! * W[r * C + c0]!;
      }
      out[c0] = a;
    }
    return out;
  }

  bucketOf(row: number): number {
    return this.buckets[row]!;
  }

  /** Calibrated probabilities of one featurised text. */
  predict(x: SparseVector): Float64Array {
    const out = new Float64Array(this.outputs);
    calibrate(this.header.calibration, this.logits(x), out);
    return out;
  }

  /** Weight of `bucket` towards `output` (for softmax models: relative to the mean over classes). */
  contribution(bucket: number, output: number): number {
    return this.contributionAtRow(this.rowOf[bucket]!, output);
  }

  /** `contribution` for a bucket whose weight row is `r` (-1: the bucket has no weights). */
  contributionAtRow(r: number, output: number): number {
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
 * feature and one contiguous row of all their outputs, instead of a lookup per model. Logits are
 * identical to each model's own `logits` (same terms, same order per output).
 *
 * Speed: a post's few hundred features hit random buckets, so the cost is memory traffic, not
 * arithmetic. When every weight is an int8 code times a per-output scale (how artifacts are stored),
 * the table is addressed directly by bucket (no row indirection) and holds the int8 codes, 1 byte per
 * weight instead of 4: one cache line per feature instead of two or three. The code is turned back
 * into the very same float32 weight through a 256-entry table per output, so every product and sum
 * is bit-for-bit what the float table gave. Buckets no model uses hold code 0, weight +0, which
 * leaves a sum unchanged (the float path skips them; adding +0 is the same number).
 */
export class FusedLinear {
  readonly models: readonly LinearModel[];
  /** Column offset of each model's outputs. */
  readonly offsets: number[];
  readonly width: number;
  private readonly rowOf: Int32Array;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  /** Direct int8 table [buckets, width] and per-output decode tables [width, 256], or null. */
  private readonly codes: Int8Array | null;
  private readonly decode: Float64Array | null;
  private readonly acc: Float64Array;
  /** Row length of the direct table: width rounded up to a multiple of 4 (padding codes are 0). */
  private readonly stride: number;

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
    this.stride = Math.ceil(width / 4) * 4;
    this.acc = new Float64Array(width);
    this.bias = new Float64Array(width);
    models.forEach((m, k) => m.bias.forEach((v, c) => (this.bias[this.offsets[k]! + c] = v)));
    const quantised = quantisedTable(models, this.offsets, this.stride, buckets);
    if (quantised) {
      this.codes = quantised.codes;
      this.decode = quantised.decode;
      this.rowOf = new Int32Array(0);
      this.weights = new Float32Array(0);
      return;
    }
    this.codes = null;
    this.decode = null;
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
  }

  /** Logits of all fused models for one text, written to out[at .. at + width). */
  logits(x: SparseVector, out: Float64Array | Float32Array, at: number): void {
    const C = this.width;
    const acc = this.acc;
    acc.set(this.bias);
    const { indices, values } = x;
    const codes = this.codes;
    const decode = this.decode;
    if (codes !== null && decode !== null) {
      // Four outputs per pass over the features, summed in locals (V8 keeps them in registers; a
      // typed-array accumulator costs a load and a store per term). Each output still adds its terms
      // in feature order, so the sums are exactly those of the one-output-at-a-time loop.
      const stride = this.stride;
      const n = indices.length;
      for (let c0 = 0; c0 < C; c0 += 4) {
        let a0 = acc[c0]!;
        let a1 = acc[c0 + 1] ?? 0;
        let a2 = acc[c0 + 2] ?? 0;
        let a3 = acc[c0 + 3] ?? 0;
        const d0 = c0 * 256 + 128;
        const d1 = d0 + 256;
        const d2 = d1 + 256;
        const d3 = d2 + 256;
        for (let k = 0; k < n; k++) {
          const v = values[k]!;
          const p = indices[k]! * stride + c0;
          a0 += v * decode[d0 + codes[p]!]!;
          a1 += v * decode[d1 + codes[p + 1]!]!;
          a2 += v * decode[d2 + codes[p + 2]!]!;
          a3 += v * decode[d3 + codes[p + 3]!]!;
        }
        acc[c0] = a0;
        if (c0 + 1 < C) acc[c0 + 1] = a1;
        if (c0 + 2 < C) acc[c0 + 2] = a2;
        if (c0 + 3 < C) acc[c0 + 3] = a3;
      }
    } else {
      const W = this.weights;
      const rowOf = this.rowOf;
      for (let k = 0; k < indices.length; k++) {
        const r = rowOf[indices[k]!]!;
        if (r < 0) continue;
        const v = values[k]!;
        let p = r * C;
        for (let c = 0; c < C; c++, p++) acc[c]! += v * W[p]!;
      }
    }
    for (let c = 0; c < C; c++) out[at + c] = acc[c]!;
  }
}

/** Largest direct table built (bytes): 2^18 buckets x 16 outputs; wider groups keep the row table. */
const MAX_DIRECT_TABLE = (1 << 18) * 16;

/**
 * The fused weights as int8 codes addressed by bucket, when every weight is exactly
 * fround(code * scale) for its output's scale (true for int8 artifacts); null otherwise.
 */
function quantisedTable(models: readonly LinearModel[], offsets: readonly number[], stride: number, buckets: number): { codes: Int8Array; decode: Float64Array } | null {
  if (buckets * stride > MAX_DIRECT_TABLE) return null;
  // Padding outputs decode every code to +0 and are never stored.
  const decode = new Float64Array(stride * 256);
  const codes = new Int8Array(buckets * stride);
  for (let k = 0; k < models.length; k++) {
    const m = models[k]!;
    const scales = m.header.weights.scales;
    const off = offsets[k]!;
    for (let c = 0; c < m.outputs; c++) {
      const scale = scales[c];
      if (m.header.weights.dtype !== 'int8' || scale === undefined || !(scale > 0)) return null;
      for (let q = -128; q < 128; q++) decode[(off + c) * 256 + q + 128] = Math.fround(q * scale);
    }
    for (let r = 0; r < m.rows; r++) {
      const bucket = m.bucketOf(r);
      for (let c = 0; c < m.outputs; c++) {
        const w = m.weights[r * m.outputs + c]!;
        const q = Math.round(w / scales[c]!);
        // Exact round trip or no quantised table: the scores must not move by a single bit.
        if (q < -128 || q > 127 || decode[(off + c) * 256 + q + 128] !== w || Object.is(w, -0)) return null;
        codes[bucket * stride + off + c] = q;
      }
    }
  }
  return { codes, decode };
}
