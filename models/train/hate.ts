// Hate / offensive / neither model: Davidson et al. (2017) tweets, 3-class softmax regression.
import { DEFAULT_FEATURISER } from '../../services/classify/signals/models/featurise';
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { buildModel, type Built } from './build';
import { DAVIDSON_CLASSES, loadDavidson } from './data';
import { argmax, logLossMulticlass, multiclassReport, type MulticlassReport } from './metrics';
import { log } from './progress';
import { stratifiedGroupSplit } from './split';

export const HATE_VERSION = '1.0.0';
const SPLIT_SEED = 20261123;
/** Paper: hate-class recall 0.61; our hate decision threshold is the highest that reaches it on validation. */
export const PAPER_HATE_RECALL = 0.61;

/**
 * Class weights (n_max / n_c)^power, as in class_weight="balanced" when power = 1. Chosen on the
 * validation split; calibration (temperature + per-class bias) then removes the prior shift the
 * weighting causes, so the shipped probabilities are calibrated.
 */
export const HATE_SPEC = {
  classWeightPower: 0.5,
  /** Share of the majority label given to the coders' vote shares in the soft training targets. */
  voteMix: 0.5,
  train: { epochs: 3, batchSize: 128, learningRate: 0.05, l2: 1e-4, seed: 2 },
};
// Grid tried on the validation split (hate precision at the paper's hate recall 0.61 / weighted F1):
// class-weight power 0, 0.5, 1; l2 1e-5, 3e-5, 1e-4, 3e-4; epochs 3, 4, 8, 15; word weight 0.71,
// 0.85; word n-grams up to 2 or 3; hard labels vs vote-share mix 0.5 / 1. Most settings are within
// noise of each other (hate P 0.31-0.38 at R 0.61 with 229 hate tweets in validation); vote-share
// targets and fewer epochs helped a little.

export interface HateReport {
  built: Built;
  argmaxReport: MulticlassReport;
  thresholdReport: MulticlassReport;
  hateThreshold: number;
  logLoss: number;
  classWeights: number[];
  split: { train: number; val: number; valCounts: number[] };
}

/** Decision rule: "hate" when p(hate) >= t, else the larger of offensive / neither. */
export function decideHate(p: ArrayLike<number>, i: number, t: number): number {
  if (p[i * 3]! >= t) return 0;
  return p[i * 3 + 1]! >= p[i * 3 + 2]! ? 1 : 2;
}

/**
 * Training targets: a mix of the majority label (weight 1 - mix) and the coders' vote shares
 * (weight mix). The vote shares carry the annotators' disagreement, which is most of the signal
 * separating hate from offensive.
 */
function softTargets(votes: ReadonlyArray<readonly [number, number, number]>, mix: number, labels: readonly number[]): Float32Array {
  const out = new Float32Array(votes.length * 3);
  votes.forEach((v, i) => {
    const total = v[0] + v[1] + v[2];
    for (let c = 0; c < 3; c++) out[i * 3 + c] = mix * (v[c]! / total) + (1 - mix) * (labels[i] === c ? 1 : 0);
  });
  return out;
}

/** The deterministic train/validation split (also used by models/eval). */
export function hateSplit() {
  const rows = loadDavidson();
  const norm = rows.map((r) => normaliseText(r.text));
  const { train, val } = stratifiedGroupSplit(rows.length, (i) => String(rows[i]!.label), (i) => norm[i]!, 0.2, SPLIT_SEED);
  return { rows, train, val, yVal: Int32Array.from(val, (i) => rows[i]!.label), valTexts: val.map((i) => rows[i]!.text) };
}

export async function trainHate(): Promise<HateReport> {
  log('hate: Davidson et al. 2017 (hate / offensive / neither)');
  const { rows, train, val } = hateSplit();
  const counts = [0, 0, 0];
  for (const i of train) counts[rows[i]!.label]!++;
  const maxCount = Math.max(...counts);
  const classWeights = counts.map((c) => (maxCount / c) ** HATE_SPEC.classWeightPower);
  const yVal = Int32Array.from(val, (i) => rows[i]!.label);
  const built = await buildModel({
    id: 'hate',
    name: 'hate-offensive-lr',
    version: HATE_VERSION,
    kind: 'softmax',
    labels: [...DAVIDSON_CLASSES],
    featuriser: { ...DEFAULT_FEATURISER },
    train: {
      texts: train.map((i) => rows[i]!.text),
      classes: Int32Array.from(train, (i) => rows[i]!.label),
      targets: softTargets(train.map((i) => rows[i]!.votes), HATE_SPEC.voteMix, train.map((i) => rows[i]!.label)),
      rowWeights: Float32Array.from(train, (i) => classWeights[rows[i]!.label]!),
    },
    val: { texts: val.map((i) => rows[i]!.text), y: yVal },
    minDf: 2,
    maxFeatures: 200_000,
    keepRows: 40_000,
    spec: HATE_SPEC.train,
    categories: [{ label: 'hate', category: 'identity_attack' }],
    calibrationSeed: 11,
    calibrationBias: true,
  });
  const p = built.valProbs;
  const n = val.length;
  const argmaxReport = multiclassReport(yVal, Int32Array.from({ length: n }, (_, i) => argmax(p, i * 3, 3)), DAVIDSON_CLASSES);
  // Highest threshold on calibrated p(hate) whose validation hate recall reaches the paper's 0.61.
  const hateScores = [...new Set(Array.from({ length: n }, (_, i) => p[i * 3]!))].sort((a, b) => b - a);
  let hateThreshold = 0.5;
  for (const t of hateScores) {
    const pred = Int32Array.from({ length: n }, (_, i) => decideHate(p, i, t));
    const r = multiclassReport(yVal, pred, DAVIDSON_CLASSES);
    if (r.perClass[0]!.recall >= PAPER_HATE_RECALL) {
      hateThreshold = t;
      break;
    }
  }
  hateThreshold = Math.min(hateThreshold, 0.5);
  const thresholdReport = multiclassReport(yVal, Int32Array.from({ length: n }, (_, i) => decideHate(p, i, hateThreshold)), DAVIDSON_CLASSES);
  built.header.thresholds = { hate: Number(hateThreshold.toFixed(6)) };
  const report: HateReport = {
    built,
    argmaxReport,
    thresholdReport,
    hateThreshold,
    logLoss: logLossMulticlass(p, yVal, 3),
    classWeights,
    split: { train: train.length, val: val.length, valCounts: [0, 1, 2].map((c) => yVal.filter((y) => y === c).length) },
  };
  const show = (r: MulticlassReport) => `wF1 ${r.weighted.f1.toFixed(3)} (P ${r.weighted.precision.toFixed(3)} R ${r.weighted.recall.toFixed(3)}), hate P ${r.perClass[0]!.precision.toFixed(3)} R ${r.perClass[0]!.recall.toFixed(3)}`;
  log(`  hate: argmax: ${show(argmaxReport)}; hate threshold ${hateThreshold.toFixed(3)}: ${show(thresholdReport)}`);
  return report;
}
