// Spam model: SMS Spam Collection (ham/spam), binary logistic regression.
import { DEFAULT_FEATURISER } from '../../services/classify/signals/models/featurise';
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { buildModel, type Built } from './build';
import { loadSms } from './data';
import { binaryAt, logLossBinary, rocAuc, averagePrecision, type BinaryAt } from './metrics';
import { log } from './progress';
import { stratifiedGroupSplit } from './split';

export const SPAM_VERSION = '1.0.0';
export const SPLIT_SEED = 20261122;
/** Paper's best (Linear SVM + tok1): blocked ham rate. Our threshold keeps validation BH at or below it. */
export const PAPER_BLOCKED_HAM = 0.0018;
/**
 * Chosen on the validation split from a small grid (epochs 5/10/15, l2 1e-5..1e-3, word-block weight
 * 0.5..0.85; 0.85 was marginally better but the default 0.707 lets all models share one featurisation
 * at serving time, and scored the same within noise).
 */
export const SPAM_SPEC = { epochs: 10, batchSize: 64, learningRate: 0.05, l2: 3e-5, seed: 1 };

export interface SpamReport {
  built: Built;
  threshold: number;
  atThreshold: BinaryAt;
  atHalf: BinaryAt;
  auc: number;
  ap: number;
  logLoss: number;
  fullModelAtHalf: BinaryAt;
  split: { train: number; val: number; valSpam: number; valHam: number };
}

/**
 * Operating threshold: the lowest calibrated score whose validation blocked-ham rate is at most
 * `maxBh`, which maximises spam caught under that constraint. Candidates are midpoints between
 * consecutive distinct validation scores.
 */
export function chooseThreshold(p: ArrayLike<number>, y: ArrayLike<number>, maxBh: number): number {
  const scores = [...new Set(Array.from(p))].sort((a, b) => a - b);
  const candidates = [0.5, ...scores.slice(1).map((s, i) => (s + scores[i]!) / 2)];
  let best = 0.5;
  let bestRecall = -1;
  for (const t of candidates) {
    const m = binaryAt(p, y, t);
    if (m.fpr <= maxBh && (m.recall > bestRecall || (m.recall === bestRecall && Math.abs(t - 0.5) < Math.abs(best - 0.5)))) {
      best = t;
      bestRecall = m.recall;
    }
  }
  return best;
}

/** The deterministic train/validation split (also used by models/eval). */
export function spamSplit() {
  const rows = loadSms();
  const norm = rows.map((r) => normaliseText(r.text));
  const { train, val } = stratifiedGroupSplit(rows.length, (i) => rows[i]!.label, (i) => norm[i]!, 0.2, SPLIT_SEED);
  const yVal = Float64Array.from(val, (i) => (rows[i]!.label === 'spam' ? 1 : 0));
  return { rows, train, val, yVal, valTexts: val.map((i) => rows[i]!.text) };
}

export async function trainSpam(): Promise<SpamReport> {
  log('spam: SMS Spam Collection');
  const { rows, train, val, yVal } = spamSplit();
  const built = await buildModel({
    id: 'spam',
    name: 'spam-lr',
    version: SPAM_VERSION,
    kind: 'sigmoid',
    labels: ['spam'],
    featuriser: { ...DEFAULT_FEATURISER },
    train: { texts: train.map((i) => rows[i]!.text), targets: Float32Array.from(train, (i) => (rows[i]!.label === 'spam' ? 1 : 0)) },
    val: { texts: val.map((i) => rows[i]!.text), y: yVal },
    minDf: 2,
    maxFeatures: 200_000,
    keepRows: 40_000,
    spec: SPAM_SPEC,
    categories: [{ label: 'spam', category: 'spam' }],
    calibrationSeed: 7,
  });
  const p = built.valProbs;
  const threshold = chooseThreshold(p, yVal, PAPER_BLOCKED_HAM);
  built.header.thresholds = { spam: Number(threshold.toFixed(6)) };
  const fullP = built.valLogitsFull.map((z) => 1 / (1 + Math.exp(-z)));
  const report: SpamReport = {
    built,
    threshold,
    atThreshold: binaryAt(p, yVal, threshold),
    atHalf: binaryAt(p, yVal, 0.5),
    auc: rocAuc(p, yVal),
    ap: averagePrecision(p, yVal),
    logLoss: logLossBinary(p, yVal),
    fullModelAtHalf: binaryAt(fullP, yVal, 0.5),
    split: { train: train.length, val: val.length, valSpam: yVal.reduce((a, v) => a + v, 0), valHam: val.length - yVal.reduce((a, v) => a + v, 0) },
  };
  const m = report.atThreshold;
  log(`  spam: threshold ${threshold.toFixed(3)}: acc ${(100 * m.accuracy).toFixed(2)}% SC ${(100 * m.recall).toFixed(2)}% BH ${(100 * m.fpr).toFixed(2)}% MCC ${m.mcc.toFixed(3)}; at 0.5: acc ${(100 * report.atHalf.accuracy).toFixed(2)}% BH ${(100 * report.atHalf.fpr).toFixed(2)}%; AUC ${report.auc.toFixed(4)}`);
  return report;
}
