// The on-disk format of Vigil's trained text models ("vigil-sparse-linear/1") and of the manifest
// that names the live version of each model. Written by models/train, read by the classify service.
//
//   models/artifacts/manifest.json                 which versions exist, which is live, file sha256s
//   models/artifacts/<model id>/<version>/model.json   header (schema below): featuriser config,
//                                                      labels, bias, quantisation scales, calibration,
//                                                      category mapping, thresholds, training summary
//   models/artifacts/<model id>/<version>/weights.bin  little-endian binary, no padding:
//       uint32[rows]            hash buckets that carry weights, strictly ascending
//     then, by header.weights.dtype:
//       "int8":    int8[rows * outputs]    row-major; weight = int8 * scales[output]
//       "float32": float32[rows * outputs] row-major
//
// The weights are the kernel of a sparse -> dense linear layer (logits = x · W + bias) computed with
// TensorFlow.js (models/train/trainer.ts); buckets not listed have weight 0.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES } from '../types';
import { FEATURISER_ALGO, validateConfig } from './featurise';

export const ARTIFACT_FORMAT = 'vigil-sparse-linear/1';
export const MANIFEST_FORMAT = 'vigil-model-manifest/1';

const range = z.tuple([z.number().int(), z.number().int()]);

const featuriserSchema = z.object({
  algo: z.literal(FEATURISER_ALGO),
  buckets: z.number().int().positive(),
  wordNgrams: range.nullable(),
  charNgrams: range.nullable(),
  maxChars: z.number().int().positive(),
  wordWeight: z.number(),
  foldDigits: z.boolean(),
});

const calibrationSchema = z.discriminatedUnion('method', [
  /** Binary / multi-label: p_k = sigmoid(a_k * logit_k + b_k). */
  z.object({ method: z.literal('platt'), a: z.array(z.number()), b: z.array(z.number()) }),
  /** Multi-class: p = softmax(logits / t + bias); bias all zero = plain temperature scaling. */
  z.object({ method: z.literal('temperature'), t: z.number().positive(), bias: z.array(z.number()) }),
]);

export const headerSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  created: z.string(),
  kind: z.enum(['sigmoid', 'softmax']),
  labels: z.array(z.string()).min(1),
  featuriser: featuriserSchema,
  /** normaliserFingerprint() when the model was trained (see fingerprint.ts). */
  normaliser: z.string().optional(),
  weights: z.object({
    file: z.string(),
    rows: z.number().int().nonnegative(),
    dtype: z.enum(['int8', 'float32']),
    scales: z.array(z.number()),
    bias: z.array(z.number()),
  }),
  calibration: calibrationSchema,
  /** Which calibrated output feeds which Vigil category (several sources for one category: max). */
  categories: z.array(z.object({ label: z.string(), category: z.enum(CATEGORIES) })),
  /** Operating thresholds chosen on the validation split, by label (informational for policies). */
  thresholds: z.record(z.string(), z.number()),
  training: z.record(z.string(), z.unknown()),
});

export type ArtifactHeader = z.infer<typeof headerSchema>;
export type Calibration = z.infer<typeof calibrationSchema>;

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  models: z.record(
    z.string(),
    z.object({
      live: z.string(),
      versions: z.record(z.string(), z.object({ files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)) })),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface Artifact {
  header: ArtifactHeader;
  buckets: Uint32Array;
  /** Dequantised weights, row-major [rows, outputs]. */
  weights: Float32Array;
}

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Encode weights (row-major [rows, outputs]) for `weights.bin`; returns bytes and per-output scales. */
export function encodeWeights(buckets: Uint32Array, w: Float32Array, outputs: number, dtype: 'int8' | 'float32'): { bytes: Uint8Array; scales: number[] } {
  const rows = buckets.length;
  for (let r = 1; r < rows; r++) if (buckets[r]! <= buckets[r - 1]!) throw new RangeError('buckets must be strictly ascending');
  const head = new Uint8Array(rows * 4);
  const dv = new DataView(head.buffer);
  for (let r = 0; r < rows; r++) dv.setUint32(r * 4, buckets[r]!, true);
  if (dtype === 'float32') {
    const body = new Uint8Array(rows * outputs * 4);
    const bv = new DataView(body.buffer);
    for (let k = 0; k < rows * outputs; k++) bv.setFloat32(k * 4, w[k]!, true);
    return { bytes: concatBytes(head, body), scales: new Array<number>(outputs).fill(1) };
  }
  const scales: number[] = [];
  for (let c = 0; c < outputs; c++) {
    let m = 0;
    for (let r = 0; r < rows; r++) m = Math.max(m, Math.abs(w[r * outputs + c]!));
    // Round the scale through float32 so the reader's dequantisation is exact.
    scales.push(Math.fround(m > 0 ? m / 127 : 1));
  }
  const body = new Int8Array(rows * outputs);
  for (let r = 0; r < rows; r++) for (let c = 0; c < outputs; c++) body[r * outputs + c] = Math.max(-127, Math.min(127, Math.round(w[r * outputs + c]! / scales[c]!)));
  return { bytes: concatBytes(head, new Uint8Array(body.buffer)), scales };
}

/** Decode `weights.bin` into buckets and dequantised float32 weights. */
export function decodeWeights(bytes: Uint8Array, header: ArtifactHeader): { buckets: Uint32Array; weights: Float32Array } {
  const { rows, dtype, scales } = header.weights;
  const outputs = header.labels.length;
  const id = `${header.id}@${header.version}`;
  if (scales.length !== outputs || header.weights.bias.length !== outputs) throw new Error(`${id}: scales/bias length must equal the number of labels`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < rows * 4) throw new Error(`${id}: weights.bin is truncated`);
  const buckets = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const b = dv.getUint32(r * 4, true);
    if (b >= header.featuriser.buckets || (r > 0 && b <= buckets[r - 1]!)) throw new Error(`${id}: bad bucket at row ${r}`);
    buckets[r] = b;
  }
  const weights = new Float32Array(rows * outputs);
  const off = rows * 4;
  const width = dtype === 'int8' ? 1 : 4;
  const expected = off + rows * outputs * width;
  if (bytes.length !== expected) throw new Error(`${id}: weights.bin has ${bytes.length} bytes, header implies ${expected}`);
  for (let k = 0; k < rows * outputs; k++) {
    weights[k] = dtype === 'int8' ? dv.getInt8(off + k) * scales[k % outputs]! : dv.getFloat32(off + k * 4, true);
  }
  return { buckets, weights };
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export async function readManifest(artifactsDir: string): Promise<Manifest> {
  const raw = await readFile(join(artifactsDir, 'manifest.json'), 'utf8');
  return manifestSchema.parse(JSON.parse(raw));
}

/**
 * Read one model version, checking every file's sha256 against the manifest first. Throws on a
 * missing model/version, a hash mismatch or a malformed header: a corrupt model must never load.
 */
export async function readArtifact(artifactsDir: string, manifest: Manifest, id: string, version: string): Promise<Artifact> {
  const entry = manifest.models[id];
  if (!entry) throw new Error(`model ${id} is not in the manifest`);
  const files = entry.versions[version]?.files;
  if (!files) throw new Error(`model ${id} has no version ${version} in the manifest`);
  const dir = join(artifactsDir, id, version);
  const contents = new Map<string, Buffer>();
  for (const [name, expected] of Object.entries(files)) {
    const buf = await readFile(join(dir, name));
    const actual = sha256(buf);
    if (actual !== expected) throw new Error(`${id}@${version}/${name}: sha256 ${actual} does not match the manifest (${expected})`);
    contents.set(name, buf);
  }
  const headerBuf = contents.get('model.json');
  if (!headerBuf) throw new Error(`${id}@${version}: model.json is not listed in the manifest`);
  const header = headerSchema.parse(JSON.parse(headerBuf.toString('utf8')));
  if (header.id !== id || header.version !== version) throw new Error(`${id}@${version}: header says ${header.id}@${header.version}`);
  validateConfig(header.featuriser);
  const weightsBuf = contents.get(header.weights.file);
  if (!weightsBuf) throw new Error(`${id}@${version}: ${header.weights.file} is not listed in the manifest`);
  const { buckets, weights } = decodeWeights(new Uint8Array(weightsBuf.buffer, weightsBuf.byteOffset, weightsBuf.byteLength), header);
  return { header, buckets, weights };
}
