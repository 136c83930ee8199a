// The contract between the trained-model signals and the classify stage. `ModelSignals` is
// structurally identical to the interface of the same name in services/classify/signals/ensemble.ts
// (kept separate until the two are unified).
import type { Category, Explanation } from '../types';

/** What a caller needs back for each text (everything by default). */
export interface ScoreOptions {
  /**
   * `scoresOnly[i]`: text i is one sentence of a post that is also scored whole, and only its
   * category scores (live and shadow) are read: no explanations and no topic are computed for it.
   */
  scoresOnly?: readonly boolean[];
}

export interface ModelSignals {
  versions: Record<string, string>; // model id -> version, e.g. { spam: "1.0.0", toxicity: "1.0.0", "router.banking77": "1.0.0" }
  scoreBatch(normalisedTexts: string[], options?: ScoreOptions): Promise<Array<{ scores: Partial<Record<Category, number>>; explanations: Explanation[]; isQuestion?: number; topic?: { label: string; score: number } }>>;
}

/** One post's model output (the element type of `ModelSignals.scoreBatch`). */
export type ModelSignalResult = Awaited<ReturnType<ModelSignals['scoreBatch']>>[number];

/** A post's result when shadow versions are loaded: the live result plus what the shadow set says. */
export interface ShadowedResult extends ModelSignalResult {
  /** Category scores with the shadow versions substituted for their live counterparts (log only). */
  shadowScores?: Partial<Record<Category, number>>;
  shadowTopic?: { label: string; score: number };
}

/** What `loadModelSignals` returns: a `ModelSignals` plus shadow-mode and engine details. */
export interface LoadedModelSignals extends ModelSignals {
  /** Model id -> version of the shadow set (empty when no shadow is configured). */
  shadowVersions: Record<string, string>;
  /** Inference engine in use: "tfjs-wasm", "tfjs-cpu" or "js". */
  engine: string;
  /** Load-time warnings for the caller to log, e.g. a normaliser changed since training. */
  warnings: string[];
  scoreBatch(normalisedTexts: string[], options?: ScoreOptions): Promise<ShadowedResult[]>;
  dispose(): void;
}
