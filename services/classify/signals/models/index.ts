// Runtime entry point for Vigil's trained text models (spam, toxicity family, hate/offensive, topic
// routers). Loads artifacts from disk only (no network), verifies each file's sha256 against the
// manifest, and scores batches of already-normalised texts.
//
// Category scores are calibrated probabilities in [0, 1]. When several models feed one category
// (e.g. identity_attack from the Jigsaw model and from the Davidson hate class) the category score
// is the maximum. The header of each artifact says which label feeds which category.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Explanation, RouterName } from '../types';
import { readArtifact, readManifest, type Manifest } from './artifact';
import { createEngine, type Engine } from './engine';
import { ExplainScratch, describe, toSpans, topTokensLoaded } from './explain';
import { Featuriser, configKey, type Grams, type SparseVector } from './featurise';
import { normaliserFingerprint } from './fingerprint';
import { LinearModel } from './linear';
import type { LoadedModelSignals, ScoreOptions, ShadowedResult } from './types';

export type { ModelSignals, ModelSignalResult, LoadedModelSignals, ScoreOptions, ShadowedResult } from './types';

export interface LoadModelSignalsOptions {
  /** The artifacts directory holding manifest.json (or the `models/` directory above it). */
  modelsDir: string;
  /** Topic router to load (`router.<name>` in the manifest); none when omitted. */
  router?: RouterName;
  /** Model id -> version to serve instead of the manifest's live version. */
  live?: Record<string, string>;
  /** Model id -> version to score in shadow (results in `shadowScores`, never in `scores`). */
  shadow?: Record<string, string>;
  /** "tfjs" (default; wasm backend, cpu fallback) or "js" (plain TypeScript). */
  engine?: 'tfjs' | 'js';
  /** Preferred tfjs backend (default wasm). */
  backend?: 'wasm' | 'cpu';
  /** Minimum category score that gets an explanation (default 0.5). */
  explainAbove?: number;
}

interface Loaded {
  id: string;
  version: string;
  model: LinearModel;
  key: string;
  source: string;
  /** header.categories with each label resolved to its output index. */
  feeds: Array<{ output: number; category: Category }>;
  isRouter: boolean;
}

const ROUTER_PREFIX = 'router.';
/** Stands in for the vector of a text no model of that featuriser will score. */
const EMPTY_VECTOR: SparseVector = { indices: new Int32Array(0), values: new Float32Array(0) };

export function resolveArtifactsDir(modelsDir: string): string {
  if (existsSync(join(modelsDir, 'manifest.json'))) return modelsDir;
  const nested = join(modelsDir, 'artifacts');
  if (existsSync(join(nested, 'manifest.json'))) return nested;
  throw new Error(`no manifest.json in ${modelsDir} or ${nested}`);
}

async function loadOne(dir: string, manifest: Manifest, id: string, version: string): Promise<Loaded> {
  const artifact = await readArtifact(dir, manifest, id, version);
  const model = new LinearModel(artifact);
  const feeds = artifact.header.categories.map(({ label, category }) => {
    const output = artifact.header.labels.indexOf(label);
    if (output < 0) throw new Error(`${id}@${version}: category ${category} maps unknown label ${label}`);
    return { output, category };
  });
  return { id, version, model, key: configKey(artifact.header.featuriser), source: `${artifact.header.name}@${version}`, feeds, isRouter: id.startsWith(ROUTER_PREFIX) };
}

export async function loadModelSignals(opts: LoadModelSignalsOptions): Promise<LoadedModelSignals> {
  const dir = resolveArtifactsDir(opts.modelsDir);
  const manifest = await readManifest(dir);
  const ids = Object.keys(manifest.models)
    .filter((id) => !id.startsWith(ROUTER_PREFIX))
    .sort();
  if (opts.router) {
    const routerId = `${ROUTER_PREFIX}${opts.router}`;
    if (!manifest.models[routerId]) throw new Error(`router ${opts.router} is not in the manifest`);
    ids.push(routerId);
  }
  for (const id of [...Object.keys(opts.live ?? {}), ...Object.keys(opts.shadow ?? {})]) {
    if (!ids.includes(id)) throw new Error(`version override for ${id}, which is not loaded (models: ${ids.join(', ')})`);
  }
  const live = await Promise.all(ids.map((id) => loadOne(dir, manifest, id, opts.live?.[id] ?? manifest.models[id]!.live)));
  const shadowEntries = Object.entries(opts.shadow ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const shadowModels = new Map<string, Loaded>();
  for (const [id, version] of shadowEntries) shadowModels.set(id, await loadOne(dir, manifest, id, version));

  const featurisers = new Map<string, Featuriser>();
  const everyModel = [...live, ...shadowModels.values()];
  const routerOnlyKeys = new Set(everyModel.filter((m) => everyModel.every((o) => o.key !== m.key || o.isRouter)).map((m) => m.key));
  for (const m of [...live, ...shadowModels.values()]) if (!featurisers.has(m.key)) featurisers.set(m.key, new Featuriser(m.model.header.featuriser));
  const scratch = new Map([...featurisers].map(([key, f]) => [key, new ExplainScratch(f.config.buckets)]));
  const engine: Engine = await createEngine(opts.engine ?? 'tfjs', opts.backend ?? 'wasm');
  const explainAbove = opts.explainAbove ?? 0.5;

  const versions = Object.fromEntries(live.map((m) => [m.id, m.version]));
  const fingerprint = normaliserFingerprint();
  const warnings = [...live, ...shadowModels.values()]
    .filter((m) => m.model.header.normaliser !== undefined && m.model.header.normaliser !== fingerprint)
    .map((m) => `${m.id}@${m.version} was trained with a different normaliseText (fingerprint ${m.model.header.normaliser}, now ${fingerprint}); retrain with \`make models\``);
  const shadowSet = live.map((m) => shadowModels.get(m.id) ?? m);
  const shadowVersions = shadowModels.size ? Object.fromEntries(shadowSet.map((m) => [m.id, m.version])) : {};

  /** Probabilities per model: models sharing a featuriser are fused (one lookup per feature); routers run alone. */
  async function run(models: readonly Loaded[], vectors: Map<string, SparseVector[]>, topicRows: readonly number[] | null): Promise<Map<Loaded, Float64Array>> {
    const groups = new Map<string, Loaded[]>();
    for (const m of models) {
      const key = m.isRouter ? `${m.key}\u0000${m.id}` : m.key;
      const g = groups.get(key);
      if (g) g.push(m);
      else groups.set(key, [m]);
    }
    const out = new Map<Loaded, Float64Array>();
    for (const g of groups.values()) {
      const xs = vectors.get(g[0]!.key)!;
      if (g[0]!.isRouter && topicRows !== null) {
        // Only the texts whose topic is wanted; the other rows stay zero and are never read.
        const probs = await engine.predictGroup(g.map((m) => m.model), topicRows.map((i) => xs[i]!));
        g.forEach((m, k) => {
          const C = m.model.outputs;
          const full = new Float64Array(xs.length * C);
          topicRows.forEach((i, j) => full.set(probs[k]!.subarray(j * C, (j + 1) * C), i * C));
          out.set(m, full);
        });
        continue;
      }
      const probs = await engine.predictGroup(
        g.map((m) => m.model),
        xs,
      );
      g.forEach((m, k) => out.set(m, probs[k]!));
    }
    return out;
  }

  /** Category scores (max over feeding models) and, per category, the model/label that won. */
  function combine(models: readonly Loaded[], probs: Map<Loaded, Float64Array>, i: number, withTopic: boolean) {
    const scores: Partial<Record<Category, number>> = {};
    const winner = new Map<Category, { m: Loaded; output: number }>();
    let topic: { label: string; score: number } | undefined;
    for (const m of models) {
      const p = probs.get(m)!;
      const C = m.model.outputs;
      if (m.isRouter) {
        if (!withTopic) continue;
        let best = 0;
        for (let c = 1; c < C; c++) if (p[i * C + c]! > p[i * C + best]!) best = c;
        topic = { label: m.model.header.labels[best]!, score: p[i * C + best]! };
        continue;
      }
      for (const { output: c, category } of m.feeds) {
        const v = p[i * C + c]!;
        const prev = scores[category];
        if (prev === undefined || v > prev) {
          scores[category] = v;
          winner.set(category, { m, output: c });
        }
      }
    }
    return { scores, winner, topic };
  }

  async function scoreBatch(normalisedTexts: string[], options: ScoreOptions = {}): Promise<ShadowedResult[]> {
    const scoresOnly = options.scoresOnly;
    const full = (i: number): boolean => scoresOnly?.[i] !== true;
    // Featurise once per distinct featuriser config (synchronously: featurisers are not re-entrant).
    // A featuriser only routers use (20 Newsgroups) skips the texts whose topic is not wanted.
    const vectors = new Map<string, SparseVector[]>();
    for (const [key, f] of featurisers) {
      const skip = routerOnlyKeys.has(key) ? (i: number) => !full(i) : () => false;
      vectors.set(key, normalisedTexts.map((t, i) => (skip(i) ? EMPTY_VECTOR : f.featurise(t))));
    }
    const topicRows = scoresOnly ? normalisedTexts.flatMap((_, i) => (full(i) ? [i] : [])) : null;
    const liveProbs = await run(live, vectors, topicRows);
    const shadowProbs = shadowModels.size ? await run([...shadowModels.values()], vectors, topicRows) : null;
    return normalisedTexts.map((text, i) => {
      const wanted = full(i);
      const { scores, winner, topic } = combine(live, liveProbs, i, wanted);
      const explanations: Explanation[] = [];
      // Grams computed and loaded into the featuriser's scratch once per post, on demand, for all
      // the categories this post explains; unloaded at the end.
      const grams = new Map<string, Grams>();
      try {
        for (const [category, score] of Object.entries(scores) as Array<[Category, number]>) {
          if (!wanted || score < explainAbove) continue;
          const w = winner.get(category)!;
          let g = grams.get(w.m.key);
          if (!g) {
            g = featurisers.get(w.m.key)!.grams(text);
            scratch.get(w.m.key)!.load(g, vectors.get(w.m.key)![i]!);
            grams.set(w.m.key, g);
          }
          const tokens = topTokensLoaded(w.m.model, g, text, w.output, scratch.get(w.m.key)!);
          explanations.push({ category, source: w.m.source, spans: toSpans(tokens), detail: `${w.m.model.header.labels[w.output]} ${score.toFixed(3)}; ${describe(tokens)}` });
        }
      } finally {
        for (const [key, g] of grams) scratch.get(key)!.unload(g, vectors.get(key)![i]!);
      }
      const result: ShadowedResult = { scores, explanations };
      if (topic) result.topic = topic;
      if (shadowProbs) {
        const merged = new Map<Loaded, Float64Array>([...liveProbs, ...shadowProbs]);
        const shadow = combine(shadowSet, merged, i, wanted);
        result.shadowScores = shadow.scores;
        if (shadow.topic) result.shadowTopic = shadow.topic;
      }
      return result;
    });
  }

  return {
    versions,
    shadowVersions,
    engine: engine.name,
    warnings,
    scoreBatch,
    dispose: () => engine.dispose(),
  };
}
