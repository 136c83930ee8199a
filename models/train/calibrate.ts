// Post-hoc calibration fitted on the validation split: Platt scaling for binary / multi-label
// outputs, temperature scaling (optionally with per-class biases) for multi-class outputs.
import { calibrate, sigmoid } from '../../services/classify/signals/models/linear';
import type { Calibration } from '../../services/classify/signals/models/artifact';
import { eceBinary, eceTopLabel } from './metrics';
import { rng, shuffle } from './split';

/**
 * Platt scaling: fit p = sigmoid(a*z + b) by Newton's method on the log-loss, with Platt's (1999)
 * smoothed targets (N+ + 1)/(N+ + 2) and 1/(N- + 2) so a separable validation set stays finite.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i] ? 1 : 0;
  const nNeg = y.length - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  let a = 1;
  let b = 0;
  const loss = (a_: number, b_: number) => {
    let s = 0;
    for (let i = 0; i < z.length; i++) {
      const t = y[i] ? tPos : tNeg;
      const f = a_ * z[i]! + b_;
      // log(1+exp(f)) - t*f, stable
      s += (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - t * f;
    }
    return s;
  };
  let cur = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const t = y[i] ? tPos : tNeg;
      const p = sigmoid(a * z[i]! + b);
      const d = p - t;
      const w = p * (1 - p);
      ga += d * z[i]!;
      gb += d;
      haa += w * z[i]! * z[i]!;
      hab += w * z[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > cur && step > 1e-8) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > cur) break;
    a -= step * da;
    b -= step * db;
    const done = cur - next < 1e-10 * Math.max(1, Math.abs(cur));
    cur = next;
    if (done) break;
  }
  return { a, b };
}

function nllTemperature(z: ArrayLike<number>, y: ArrayLike<number>, C: number, t: number, bias: readonly number[]): number {
  const out = new Float64Array(C);
  const cal: Calibration = { method: 'temperature', t, bias: [...bias] };
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    calibrate(cal, (z as Float64Array).subarray(i * C, (i + 1) * C), out);
    s -= Math.log(Math.max(1e-300, out[y[i]!]!));
  }
  return s / y.length;
}

/** Temperature scaling: T minimising the validation NLL (golden-section search on log T). */
export function fitTemperature(z: Float64Array, y: ArrayLike<number>, C: number): number {
  const zeros = new Array<number>(C).fill(0);
  let lo = Math.log(0.05);
  let hi = Math.log(50);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = nllTemperature(z, y, C, Math.exp(x1), zeros);
  let f2 = nllTemperature(z, y, C, Math.exp(x2), zeros);
  for (let it = 0; it < 60; it++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = nllTemperature(z, y, C, Math.exp(x1), zeros);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = nllTemperature(z, y, C, Math.exp(x2), zeros);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Temperature plus per-class bias ("vector scaling" restricted to biases): p = softmax(u*z + beta),
 * u = 1/T. Convex in (u, beta), fitted by gradient descent with backtracking. Corrects a prior shift
 * (e.g. from class-weighted training) that temperature alone cannot. beta is centred (sum 0).
 */
export function fitTemperatureBias(z: Float64Array, y: ArrayLike<number>, C: number): { t: number; bias: number[] } {
  const n = y.length;
  let u = 1 / fitTemperature(z, y, C);
  let beta = new Float64Array(C);
  const p = new Float64Array(C);
  const evaluate = (u_: number, b_: Float64Array, grad: boolean) => {
    let nll = 0;
    let gu = 0;
    const gb = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        p[c] = u_ * z[i * C + c]! + b_[c]!;
        max = Math.max(max, p[c]!);
      }
      let sum = 0;
      for (let c = 0; c < C; c++) {
        p[c] = Math.exp(p[c]! - max);
        sum += p[c]!;
      }
      const yi = y[i]!;
      nll -= Math.log(Math.max(1e-300, p[yi]! / sum));
      if (grad) {
        for (let c = 0; c < C; c++) {
          const d = p[c]! / sum - (c === yi ? 1 : 0);
          gu += d * z[i * C + c]!;
          gb[c]! += d;
        }
      }
    }
    return { nll: nll / n, gu: gu / n, gb: gb.map((g) => g / n) };
  };
  let cur = evaluate(u, beta, true);
  let step = 1;
  for (let it = 0; it < 500; it++) {
    let nextU = u - step * cur.gu;
    let nextB = beta.map((b, c) => b - step * cur.gb[c]!);
    let next = evaluate(nextU, nextB, false);
    while (next.nll > cur.nll && step > 1e-10) {
      step /= 2;
      nextU = u - step * cur.gu;
      nextB = beta.map((b, c) => b - step * cur.gb[c]!);
      next = evaluate(nextU, nextB, false);
    }
    if (next.nll > cur.nll) break;
    const gain = cur.nll - next.nll;
    u = nextU;
    beta = nextB;
    cur = evaluate(u, beta, true);
    step *= 2;
    if (gain < 1e-12) break;
  }
  const mean = beta.reduce((a, b) => a + b, 0) / C;
  return { t: 1 / u, bias: Array.from(beta, (b) => b - mean) };
}

/** Apply a calibration to row-major logits [n, C]. */
export function applyCalibration(cal: Calibration, z: Float64Array, C: number): Float64Array {
  const n = z.length / C;
  const out = new Float64Array(z.length);
  const row = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    calibrate(cal, z.subarray(i * C, (i + 1) * C), row);
    out.set(row, i * C);
  }
  return out;
}

/** Uncalibrated probabilities: plain sigmoid / softmax of the logits. */
export function rawProbabilities(kind: 'sigmoid' | 'softmax', z: Float64Array, C: number): Float64Array {
  const identity: Calibration = kind === 'sigmoid' ? { method: 'platt', a: new Array<number>(C).fill(1), b: new Array<number>(C).fill(0) } : { method: 'temperature', t: 1, bias: new Array<number>(C).fill(0) };
  return applyCalibration(identity, z, C);
}

export function fitCalibration(kind: 'sigmoid' | 'softmax', z: Float64Array, y: ArrayLike<number>, C: number, withBias = false): Calibration {
  if (kind === 'softmax') {
    if (withBias) return { method: 'temperature', ...fitTemperatureBias(z, y, C) };
    return { method: 'temperature', t: fitTemperature(z, y, C), bias: new Array<number>(C).fill(0) };
  }
  // Sigmoid: y is row-major [n, C] 0/1.
  const n = z.length / C;
  const a: number[] = [];
  const b: number[] = [];
  for (let c = 0; c < C; c++) {
    const zc = new Float64Array(n);
    const yc = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      zc[i] = z[i * C + c]!;
      yc[i] = y[i * C + c]!;
    }
    const p = fitPlatt(zc, yc);
    a.push(p.a);
    b.push(p.b);
  }
  return { method: 'platt', a, b };
}

/** ECE per output (sigmoid) or top-label ECE (softmax). */
export function ece(kind: 'sigmoid' | 'softmax', probs: Float64Array, y: ArrayLike<number>, C: number): number[] {
  if (kind === 'softmax') return [eceTopLabel(probs, y, C)];
  const n = probs.length / C;
  const out: number[] = [];
  for (let c = 0; c < C; c++) {
    const p = new Float64Array(n);
    const yc = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = probs[i * C + c]!;
      yc[i] = y[i * C + c]!;
    }
    out.push(eceBinary(p, yc));
  }
  return out;
}

/**
 * Honest post-calibration probabilities: 2-fold cross-fitting on the validation split (fit the
 * calibrator on one half, apply it to the other, and vice versa), so the reported ECE "after" is
 * not measured on the data the calibrator was fitted to.
 */
export function crossFittedProbabilities(kind: 'sigmoid' | 'softmax', z: Float64Array, y: ArrayLike<number>, C: number, seed: number, withBias = false): Float64Array {
  const n = z.length / C;
  const order = shuffle(Array.from({ length: n }, (_, i) => i), rng(seed));
  const fold = new Uint8Array(n);
  order.forEach((i, k) => (fold[i] = k % 2));
  const out = new Float64Array(z.length);
  const yWidth = kind === 'softmax' ? 1 : C;
  for (const f of [0, 1]) {
    const fitRows = order.filter((i) => fold[i] !== f);
    const zf = new Float64Array(fitRows.length * C);
    const yf = new Float64Array(fitRows.length * yWidth);
    fitRows.forEach((i, k) => {
      zf.set(z.subarray(i * C, (i + 1) * C), k * C);
      for (let c = 0; c < yWidth; c++) yf[k * yWidth + c] = y[i * yWidth + c]!;
    });
    const cal = fitCalibration(kind, zf, yf, C, withBias);
    const row = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      if (fold[i] !== f) continue;
      calibrate(cal, z.subarray(i * C, (i + 1) * C), row);
      out.set(row, i * C);
    }
  }
  return out;
}
