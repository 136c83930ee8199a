// Linear models over sparse hashed features, trained with TensorFlow.js: see trainLinear.
// Loss: weighted softmax cross-entropy (multi-class, hard or soft targets) or weighted, maskable
// sigmoid cross-entropy (binary / multi-label), plus L2. Optimiser: Adam (lazy, row-sparse) with a
// linearly decaying learning rate. Minibatch order comes from a seeded PRNG and the backend runs
// single-threaded, so training is reproducible bit for bit.
import * as tf from '@tensorflow/tfjs';
import type { Csr } from './dataset';
import { Progress } from './progress';
import { rng, shuffle } from './split';

export interface TrainSpec {
  kind: 'softmax' | 'sigmoid';
  /** Number of outputs (classes for softmax, labels for sigmoid). */
  outputs: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty: loss += l2/2 * ||W||^2 (the bias is not penalised). */
  l2: number;
  seed: number;
  label: string;
}

export interface TrainData {
  x: Csr;
  /** softmax: class index per row. */
  classes?: Int32Array;
  /** sigmoid: row-major [n, outputs] 0/1 targets; softmax: optional soft targets (rows sum to 1). */
  targets?: Float32Array;
  /** sigmoid: row-major [n, outputs] loss weights (0 masks a missing label); default 1. */
  targetWeights?: Float32Array;
  /** Per-row loss weight (e.g. class weights); default 1. */
  rowWeights?: Float32Array;
}

export interface LinearWeights {
  /** Row-major [features, outputs]. */
  w: Float32Array;
  b: Float32Array;
  features: number;
  outputs: number;
}

let backendReady: Promise<string> | null = null;
/**
 * Training backend: wasm by default (about 4x faster than cpu here and, single-threaded,
 * deterministic: both gave bit-identical weights for the spam model); $VIGIL_TRAIN_BACKEND=cpu
 * forces the cpu backend. Falls back to cpu when wasm cannot start.
 */
export function useTrainingBackend(): Promise<string> {
  backendReady ??= (async () => {
    const want = process.env['VIGIL_TRAIN_BACKEND'] ?? 'wasm';
    if (want === 'wasm') {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        if (await tf.setBackend('wasm')) {
          await tf.ready();
          return 'wasm';
        }
      } catch {
        // fall back to cpu
      }
    }
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend unavailable');
    await tf.ready();
    return 'cpu';
  })();
  return backendReady;
}

interface Batch {
  /** Columns used by the batch (unique, in first-seen order). */
  cols: Int32Array;
  /** Dense [B, cols.length] feature block of the batch, and its transpose. */
  x: Float32Array;
  xT: Float32Array;
  y: Float32Array;
  yw: Float32Array;
  rw: Float32Array;
  B: number;
}

function makeBatch(data: TrainData, spec: TrainSpec, rows: readonly number[], localOf: Int32Array): Batch {
  const { x } = data;
  const used: number[] = [];
  for (const r of rows) {
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      const c = x.indices[k]!;
      if (localOf[c] === -1) {
        localOf[c] = used.length;
        used.push(c);
      }
    }
  }
  const B = rows.length;
  const U = Math.max(1, used.length);
  const dense = new Float32Array(B * U);
  const xT = new Float32Array(B * U);
  rows.forEach((r, i) => {
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      const u = localOf[x.indices[k]!]!;
      dense[i * U + u]! += x.values[k]!;
      xT[u * B + i]! += x.values[k]!;
    }
  });
  for (const c of used) localOf[c] = -1;
  if (used.length === 0) used.push(0); // an all-zero column keeps shapes valid
  const C = spec.outputs;
  const rw = new Float32Array(B);
  rows.forEach((r, i) => (rw[i] = data.rowWeights ? data.rowWeights[r]! : 1));
  const y = new Float32Array(B * C);
  const yw = new Float32Array(B * C).fill(1);
  rows.forEach((r, i) => {
    if (spec.kind === 'softmax' && !data.targets) y[i * C + data.classes![r]!] = 1;
    else
      for (let c = 0; c < C; c++) {
        y[i * C + c] = data.targets![r * C + c]!;
        if (data.targetWeights) yw[i * C + c] = data.targetWeights[r * C + c]!;
      }
  });
  return { cols: Int32Array.from(used), x: dense, xT, y, yw, rw, B };
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** The w, m and v blocks [cols.length, C] of rows `cols` of the interleaved parameter array. */
function takeRows(p: Float32Array, cols: Int32Array, C: number): [Float32Array, Float32Array, Float32Array] {
  const n = cols.length * C;
  const w = new Float32Array(n);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  let o = 0;
  for (let k = 0; k < cols.length; k++) {
    let base = cols[k]! * 3 * C;
    for (let c = 0; c < C; c++, o++, base++) {
      w[o] = p[base]!;
      m[o] = p[base + C]!;
      v[o] = p[base + 2 * C]!;
    }
  }
  return [w, m, v];
}

function putRows(p: Float32Array, cols: Int32Array, C: number, w: Float32Array, m: Float32Array, v: Float32Array): void {
  let o = 0;
  for (let k = 0; k < cols.length; k++) {
    let base = cols[k]! * 3 * C;
    for (let c = 0; c < C; c++, o++, base++) {
      p[base] = w[o]!;
      p[base + C] = m[o]!;
      p[base + 2 * C] = v[o]!;
    }
  }
}

/**
 * Train a linear model; returns its weights as plain arrays.
 *
 * Per minibatch, only the weight rows of the columns the batch uses take part: TensorFlow.js
 * computes logits = X_batch (dense [B, u]) · W[used] + b, the loss, its gradient
 * (X_batchᵀ · dLoss/dlogits, in closed form), and the Adam update of those rows and their moments ("lazy Adam", as in
 * TensorFlow's LazyAdamOptimizer). The L2 penalty is applied lazily too, to the rows a batch uses.
 * Parameters live in Float32Arrays between steps. This keeps every step O(batch) instead of
 * O(features x outputs), which is what makes the 77-way router trainable in seconds.
 */
export async function trainLinear(data: TrainData, features: number, spec: TrainSpec): Promise<LinearWeights> {
  await useTrainingBackend();
  const C = spec.outputs;
  // Row-interleaved parameters and Adam moments: row f = [w (C), m (C), v (C)], so one contiguous
  // copy per used row moves everything a step needs (the copies dominate the step time otherwise).
  const P = new Float32Array(features * 3 * C);
  let bias = new Float32Array(C);
  let mb = new Float32Array(C);
  let vb = new Float32Array(C);
  const rand = rng(spec.seed);
  const order = Array.from({ length: data.x.n }, (_, i) => i);
  const localOf = new Int32Array(features).fill(-1);
  const steps = Math.ceil(data.x.n / spec.batchSize);
  const bar = new Progress(`train ${spec.label}`, spec.epochs * steps);
  let lastLoss = 0;
  let t = 0;
  for (let epoch = 0; epoch < spec.epochs; epoch++) {
    shuffle(order, rand);
    // Linear decay of the learning rate to 10% over the run, so the last epochs settle near the optimum.
    const lr = spec.learningRate * (1 - (0.9 * epoch) / Math.max(1, spec.epochs - 1));
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      const batch = makeBatch(data, spec, order.slice(s * spec.batchSize, (s + 1) * spec.batchSize), localOf);
      const U = batch.cols.length;
      t++;
      const lrT = (lr * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      const out = tf.tidy(() => {
        const x = tf.tensor2d(batch.x, [batch.B, U]);
        const xT = tf.tensor2d(batch.xT, [U, batch.B]);
        const y = tf.tensor2d(batch.y, [batch.B, C]);
        const yw = tf.tensor2d(batch.yw, [batch.B, C]);
        const rw = tf.tensor2d(batch.rw, [batch.B, 1]);
        const [wRows, mRows, vRows] = takeRows(P, batch.cols, C);
        const wU = tf.tensor2d(wRows, [U, C]);
        const m0 = tf.tensor2d(mRows, [U, C]);
        const v0 = tf.tensor2d(vRows, [U, C]);
        const b = tf.tensor1d(bias);
        // Forward pass, loss, and the analytic gradient (d loss / d logits has a closed form for
        // both heads; tfjs' autodiff would use a transposed matMul, which is ~5x slower on wasm).
        const z = tf.add(tf.matMul(x, wU), b);
        let per: tf.Tensor;
        let dz: tf.Tensor;
        if (spec.kind === 'softmax') {
          const lsm = tf.logSoftmax(z);
          per = tf.neg(tf.sum(tf.mul(y, lsm), 1, true));
          // soft targets sum to 1 per row, so d/dz = softmax(z) - y
          dz = tf.sub(tf.exp(lsm), y);
        } else {
          // stable BCE with logits: max(z,0) - z*y + log(1 + exp(-|z|)); d/dz = sigmoid(z) - y
          per = tf.sum(tf.mul(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), yw), 1, true);
          dz = tf.mul(tf.sub(tf.sigmoid(z), y), yw);
        }
        dz = tf.mul(dz, tf.div(rw, batch.B));
        let value = tf.div(tf.sum(tf.mul(per, rw)), batch.B);
        let gW = tf.matMul(xT, dz);
        if (spec.l2 > 0) {
          value = tf.add(value, tf.mul(spec.l2 / 2, tf.sum(tf.square(wU))));
          gW = tf.add(gW, tf.mul(wU, spec.l2));
        }
        const gB = tf.sum(dz, 0);
        const adam = (p: tf.Tensor, g: tf.Tensor, m0: tf.Tensor, v0: tf.Tensor) => {
          const m = tf.add(tf.mul(m0, BETA1), tf.mul(g, 1 - BETA1));
          const v = tf.add(tf.mul(v0, BETA2), tf.mul(tf.square(g), 1 - BETA2));
          const next = tf.sub(p, tf.mul(lrT, tf.div(m, tf.add(tf.sqrt(v), EPS))));
          return [next, m, v];
        };
        const [wN, mN, vN] = adam(wU, gW, m0, v0);
        const [bN, mbN, vbN] = adam(b, gB, tf.tensor1d(mb), tf.tensor1d(vb));
        return [value, wN!, mN!, vN!, bN!, mbN!, vbN!];
      });
      const arrays = out.map((x) => x.dataSync() as Float32Array);
      for (const x of out) x.dispose();
      lossSum += arrays[0]![0]!;
      putRows(P, batch.cols, C, arrays[1]!, arrays[2]!, arrays[3]!);
      bias = Float32Array.from(arrays[4]!);
      mb = Float32Array.from(arrays[5]!);
      vb = Float32Array.from(arrays[6]!);
      bar.update(epoch * steps + s + 1, `loss ${(lossSum / (s + 1)).toFixed(4)}`);
    }
    lastLoss = lossSum / steps;
  }
  bar.done(spec.epochs * steps, `loss ${lastLoss.toFixed(4)}`);
  const W = new Float32Array(features * C);
  for (let f = 0; f < features; f++) for (let c = 0; c < C; c++) W[f * C + c] = P[f * 3 * C + c]!;
  return { w: W, b: bias, features, outputs: C };
}

/** Logits [n, outputs] of a (compact-column) CSR under the given weights, in float64. */
export function logits(x: Csr, m: LinearWeights): Float64Array {
  const C = m.outputs;
  const out = new Float64Array(x.n * C);
  for (let i = 0; i < x.n; i++) {
    for (let c = 0; c < C; c++) out[i * C + c] = m.b[c]!;
    for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) {
      const f = x.indices[k]!;
      const v = x.values[k]!;
      for (let c = 0; c < C; c++) out[i * C + c]! += v * m.w[f * C + c]!;
    }
  }
  return out;
}
