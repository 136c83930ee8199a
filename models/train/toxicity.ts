// Toxicity family: Jigsaw toxic comments, one multi-label logistic regression with six outputs
// (toxic, severe_toxic, obscene, threat, insult, identity_hate).
// Train: 80% of the natural-distribution subset + all of the toxic-enriched extra file.
// Validation: the other 20% of the natural subset (so calibration matches natural base rates).
import type { Category } from '../../services/classify/signals/types';
import { DEFAULT_FEATURISER } from '../../services/classify/signals/models/featurise';
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { buildModel, type Built } from './build';
import { JIGSAW_LABELS, loadJigsaw } from './data';
import { averagePrecision, binaryAt, rocAuc, type BinaryAt } from './metrics';
import { log } from './progress';
import { stratifiedGroupSplit } from './split';

export const TOXICITY_VERSION = '1.0.0';
const SPLIT_SEED = 20261124;

export const JIGSAW_TO_CATEGORY: Record<(typeof JIGSAW_LABELS)[number], Category> = {
  toxic: 'toxicity',
  severe_toxic: 'severe_toxicity',
  obscene: 'profanity',
  threat: 'threat',
  insult: 'insult',
  identity_hate: 'identity_attack',
};

export const TOXICITY_SPEC = {
  wordWeight: Math.SQRT1_2,
  train: { epochs: 8, batchSize: 128, learningRate: 0.05, l2: 3e-5, seed: 3 },
};

export interface LabelReport {
  label: string;
  category: Category;
  support: number;
  auc: number;
  ap: number;
  at05: BinaryAt;
  /** Threshold maximising F1 on validation, and the F1 there (optimistic: chosen on the same split). */
  bestF1: BinaryAt;
  eceBefore: number;
  eceAfter: number;
}

export interface ToxicityReport {
  built: Built;
  labels: LabelReport[];
  split: { naturalTrain: number; enrichedTrain: number; enrichedDropped: number; val: number };
  /** Positives per label in the training rows (natural + enriched). */
  trainPositives: Record<string, number>;
}

/** The deterministic split: natural subset train/validation, plus the enriched extra rows. */
export function toxicitySplit() {
  const natural = loadJigsaw('jigsaw_subset_train.csv');
  const enriched = loadJigsaw('jigsaw_enriched_extra_train.csv');
  const norm = natural.map((r) => normaliseText(r.text));
  const { train, val } = stratifiedGroupSplit(natural.length, (i) => natural[i]!.label.join(''), (i) => norm[i]!, 0.2, SPLIT_SEED);
  const valNorm = new Set(val.map((i) => norm[i]!));
  const extra = enriched.filter((r) => !valNorm.has(normaliseText(r.text)));
  const C = JIGSAW_LABELS.length;
  const yVal = new Float64Array(val.length * C);
  val.forEach((r, i) => natural[r]!.label.forEach((v, c) => (yVal[i * C + c] = v)));
  return { natural, enriched, extra, train, val, yVal, valTexts: val.map((i) => natural[i]!.text) };
}

export async function trainToxicity(): Promise<ToxicityReport> {
  log('toxicity: Jigsaw toxic comments (natural subset + toxic-enriched extra)');
  const { natural, enriched, extra, train, val, yVal } = toxicitySplit();
  const trainRows = [...train.map((i) => natural[i]!), ...extra];
  const C = JIGSAW_LABELS.length;
  const targets = new Float32Array(trainRows.length * C);
  trainRows.forEach((r, i) => r.label.forEach((v, c) => (targets[i * C + c] = v)));
  const built = await buildModel({
    id: 'toxicity',
    name: 'toxicity-lr',
    version: TOXICITY_VERSION,
    kind: 'sigmoid',
    labels: [...JIGSAW_LABELS],
    featuriser: { ...DEFAULT_FEATURISER, wordWeight: TOXICITY_SPEC.wordWeight },
    train: { texts: trainRows.map((r) => r.text), targets },
    val: { texts: val.map((i) => natural[i]!.text), y: yVal },
    minDf: 2,
    maxFeatures: 60_000,
    keepRows: 60_000,
    spec: TOXICITY_SPEC.train,
    categories: JIGSAW_LABELS.map((label) => ({ label, category: JIGSAW_TO_CATEGORY[label] })),
    calibrationSeed: 13,
  });
  const n = val.length;
  const labels: LabelReport[] = JIGSAW_LABELS.map((label, c) => {
    const p = Float64Array.from({ length: n }, (_, i) => built.valProbs[i * C + c]!);
    const y = Float64Array.from({ length: n }, (_, i) => yVal[i * C + c]!);
    let bestF1 = binaryAt(p, y, 0.5);
    for (const t of new Set(p)) {
      const m = binaryAt(p, y, t);
      if (m.f1 > bestF1.f1) bestF1 = m;
    }
    return {
      label,
      category: JIGSAW_TO_CATEGORY[label],
      support: y.reduce((a, v) => a + v, 0),
      auc: rocAuc(p, y),
      ap: averagePrecision(p, y),
      at05: binaryAt(p, y, 0.5),
      bestF1,
      eceBefore: built.ece.before[c]!,
      eceAfter: built.ece.after[c]!,
    };
  });
  built.header.thresholds = Object.fromEntries(labels.map((l) => [l.label, Number(l.bestF1.threshold.toFixed(6))]));
  for (const l of labels) log(`  toxicity/${l.label}: n+ ${l.support}, AUC ${l.auc.toFixed(3)}, AP ${l.ap.toFixed(3)}, F1@0.5 ${l.at05.f1.toFixed(3)}, ECE ${l.eceBefore.toFixed(3)} -> ${l.eceAfter.toFixed(3)}`);
  const trainPositives = Object.fromEntries(JIGSAW_LABELS.map((l, c) => [l, trainRows.reduce((a, r) => a + r.label[c]!, 0)]));
  return { built, labels, trainPositives, split: { naturalTrain: train.length, enrichedTrain: extra.length, enrichedDropped: enriched.length - extra.length, val: n } };
}
