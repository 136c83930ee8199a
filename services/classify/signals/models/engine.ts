// Batched inference for the sparse linear models.
//
// The sparse -> dense layer (logits = x · W + b over the few hundred hashed features of a post) is a
// gather-and-add over the model's weight rows, done in TypeScript: for short posts that is a few
// thousand multiply-adds, and the tfjs gather/segment-sum kernels cost more in tensor set-up than
// the arithmetic (measured: ~3x slower end to end). The dense part, i.e. the calibration head
// (affine + sigmoid / softmax over the [batch, outputs] logits), runs as TensorFlow.js ops:
//   - "tfjs-wasm": @tensorflow/tfjs-backend-wasm (preferred),
//   - "tfjs-cpu":  the tfjs cpu backend, used when wasm cannot start,
//   - "js":        no tfjs at all (LinearModel.predict, float64), for tests and as a last resort.
// All are deterministic for a given engine; tfjs heads compute in float32, so engines agree to ~1e-6.
import * as tf from '@tensorflow/tfjs';
import type { SparseVector } from './featurise';
import { FusedLinear, calibrate, type LinearModel } from './linear';

export type EngineName = 'tfjs-wasm' | 'tfjs-cpu' | 'js';

let backendPromise: Promise<EngineName> | null = null;

/**
 * Select the tfjs backend once per process: wasm if it initialises, else cpu. tfjs keeps a global
 * backend, so this affects any other tfjs user in the process (there is none in Vigil today).
 */
export function initTfjs(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<EngineName> {
  backendPromise ??= (async (): Promise<EngineName> => {
    if (prefer === 'wasm') {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        if (await tf.setBackend('wasm')) {
          await tf.ready();
          return 'tfjs-wasm';
        }
      } catch {
        // fall through to cpu
      }
    }
    if (!(await tf.setBackend('cpu'))) throw new Error('no tfjs backend available (wasm and cpu both failed)');
    await tf.ready();
    return 'tfjs-cpu';
  })();
  return backendPromise;
}

export interface Engine {
  readonly name: EngineName;
  /** Calibrated probabilities, row-major [n, outputs]. */
  predict(model: LinearModel, xs: readonly SparseVector[]): Promise<Float64Array>;
  /**
   * The same for several models sharing a featuriser, through one fused weight table (see
   * FusedLinear); one probability array per model, in order.
   */
  predictGroup(models: readonly LinearModel[], xs: readonly SparseVector[]): Promise<Float64Array[]>;
  dispose(): void;
}

/** Fused tables, built once per distinct model list. */
class FusedCache {
  private readonly cache = new Map<string, FusedLinear>();
  get(models: readonly LinearModel[]): FusedLinear {
    const key = models.map((m) => `${m.header.id}@${m.header.version}`).join('|');
    let f = this.cache.get(key);
    if (!f || f.models.some((m, i) => m !== models[i])) {
      f = new FusedLinear(models);
      this.cache.set(key, f);
    }
    return f;
  }
}

function fusedLogits(f: FusedLinear, xs: readonly SparseVector[], out: Float64Array | Float32Array): void {
  for (let i = 0; i < xs.length; i++) f.logits(xs[i]!, out, i * f.width);
}

export class JsEngine implements Engine {
  readonly name = 'js' as const;
  private readonly fused = new FusedCache();

  predictGroup(models: readonly LinearModel[], xs: readonly SparseVector[]): Promise<Float64Array[]> {
    if (models.length === 1) return this.predict(models[0]!, xs).then((p) => [p]);
    const f = this.fused.get(models);
    const z = new Float64Array(xs.length * f.width);
    fusedLogits(f, xs, z);
    return Promise.resolve(
      models.map((m, k) => {
        const C = m.outputs;
        const off = f.offsets[k]!;
        const out = new Float64Array(xs.length * C);
        const row = new Float64Array(C);
        for (let i = 0; i < xs.length; i++) {
          calibrate(m.header.calibration, z.subarray(i * f.width + off, i * f.width + off + C), row);
          out.set(row, i * C);
        }
        return out;
      }),
    );
  }

  predict(model: LinearModel, xs: readonly SparseVector[]): Promise<Float64Array> {
    const C = model.outputs;
    const out = new Float64Array(xs.length * C);
    xs.forEach((x, i) => out.set(model.predict(x), i * C));
    return Promise.resolve(out);
  }
  dispose(): void {}
}

interface Head {
  scale: tf.Tensor1D;
  shift: tf.Tensor1D;
}

export class TfjsEngine implements Engine {
  private readonly heads = new Map<LinearModel, Head>();
  private readonly fused = new FusedCache();
  constructor(readonly name: 'tfjs-wasm' | 'tfjs-cpu') {}

  async predictGroup(models: readonly LinearModel[], xs: readonly SparseVector[]): Promise<Float64Array[]> {
    if (models.length === 1) return [await this.predict(models[0]!, xs)];
    if (xs.length === 0) return models.map(() => new Float64Array(0));
    const f = this.fused.get(models);
    const z = new Float32Array(xs.length * f.width);
    fusedLogits(f, xs, z);
    const probs = tf.tidy(() => {
      const all = tf.tensor2d(z, [xs.length, f.width]);
      return models.map((m, k) => this.head(m, tf.slice(all, [0, f.offsets[k]!], [xs.length, m.outputs])));
    });
    const out: Float64Array[] = [];
    for (const p of probs) {
      out.push(Float64Array.from((await p.data()) as Float32Array));
      p.dispose();
    }
    return out;
  }

  /** Calibration head: sigmoid(a*z + b) or softmax(z/T + bias), as tfjs ops. */
  private head(model: LinearModel, z: tf.Tensor): tf.Tensor {
    const h = this.headOf(model);
    const scaled = tf.add(tf.mul(z, h.scale), h.shift);
    return model.header.calibration.method === 'platt' ? tf.sigmoid(scaled) : tf.softmax(scaled);
  }

  private headOf(model: LinearModel): Head {
    let h = this.heads.get(model);
    if (!h) {
      const cal = model.header.calibration;
      // tf.keep: heads are created lazily, possibly inside a tf.tidy scope, and must outlive it.
      h =
        cal.method === 'platt'
          ? { scale: tf.keep(tf.tensor1d(cal.a)), shift: tf.keep(tf.tensor1d(cal.b)) }
          : { scale: tf.keep(tf.tensor1d(new Array<number>(model.outputs).fill(1 / cal.t))), shift: tf.keep(tf.tensor1d(cal.bias)) };
      this.heads.set(model, h);
    }
    return h;
  }

  async predict(model: LinearModel, xs: readonly SparseVector[]): Promise<Float64Array> {
    const C = model.outputs;
    if (xs.length === 0) return new Float64Array(0);
    const logits = new Float32Array(xs.length * C);
    const row = new Float64Array(C);
    for (let i = 0; i < xs.length; i++) logits.set(model.logits(xs[i]!, row), i * C);
    const probs = tf.tidy(() => this.head(model, tf.tensor2d(logits, [xs.length, C])));
    const data = await probs.data();
    probs.dispose();
    return Float64Array.from(data as Float32Array);
  }

  dispose(): void {
    for (const h of this.heads.values()) {
      h.scale.dispose();
      h.shift.dispose();
    }
    this.heads.clear();
  }
}

export async function createEngine(kind: 'tfjs' | 'js', prefer: 'wasm' | 'cpu' = 'wasm'): Promise<Engine> {
  if (kind === 'js') return new JsEngine();
  const name = await initTfjs(prefer);
  return new TfjsEngine(name === 'tfjs-cpu' ? 'tfjs-cpu' : 'tfjs-wasm');
}
