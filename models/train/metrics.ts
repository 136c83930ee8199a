// Evaluation metrics used by training reports, model cards and `make eval`.

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface MulticlassReport {
  accuracy: number;
  macroF1: number;
  weighted: { precision: number; recall: number; f1: number };
  perClass: ClassReport[];
  confusion: number[][];
}

export function argmax(row: ArrayLike<number>, off = 0, n = row.length): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (row[off + c]! > row[off + best]!) best = c;
  return best;
}

export function multiclassReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: readonly string[]): MulticlassReport {
  const C = labels.length;
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    confusion[yTrue[i]!]![yPred[i]!]!++;
    if (yTrue[i] === yPred[i]) correct++;
  }
  const perClass: ClassReport[] = labels.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    return { label, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
  const n = yTrue.length;
  const w = (k: 'precision' | 'recall' | 'f1') => perClass.reduce((a, r) => a + r[k] * r.support, 0) / n;
  return {
    accuracy: correct / n,
    macroF1: perClass.reduce((a, r) => a + r.f1, 0) / C,
    weighted: { precision: w('precision'), recall: w('recall'), f1: w('f1') },
    perClass,
    confusion,
  };
}

/** Expected calibration error, equal-width bins on the predicted probability of the positive class. */
export function eceBinary(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const cnt = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    cnt[b]!++;
    sp[b]! += p[i]!;
    sy[b]! += y[i]!;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b]) e += Math.abs(sp[b]! - sy[b]!);
  return e / p.length;
}

/** Top-label ECE for multi-class probabilities (row-major [n, C]). */
export function eceTopLabel(probs: ArrayLike<number>, y: ArrayLike<number>, C: number, bins = 10): number {
  const n = y.length;
  const conf = new Float64Array(n);
  const hit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = argmax(probs, i * C, C);
    conf[i] = probs[i * C + k]!;
    hit[i] = k === y[i] ? 1 : 0;
  }
  return eceBinary(conf, hit, bins);
}

/** Mean negative log-likelihood of binary labels. */
export function logLossBinary(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export function logLossMulticlass(probs: ArrayLike<number>, y: ArrayLike<number>, C: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(1e-12, probs[i * C + y[i]!]!));
  return s / y.length;
}

/** ROC AUC by the rank statistic (ties get half credit). */
export function rocAuc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]!]) {
      pos++;
      rankSum += avgRank;
    }
    i = j + 1;
  }
  const neg = score.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision (area under the precision-recall curve, step-wise). */
export function averagePrecision(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b);
  let totalPos = 0;
  for (let i = 0; i < y.length; i++) totalPos += y[i] ? 1 : 0;
  if (!totalPos) return NaN;
  let tp = 0;
  let ap = 0;
  for (let k = 0; k < idx.length; k++) {
    if (y[idx[k]!]) {
      tp++;
      ap += tp / (k + 1);
    }
  }
  return ap / totalPos;
}

export interface BinaryAt {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  fpr: number;
  mcc: number;
}

export function binaryAt(score: ArrayLike<number>, y: ArrayLike<number>, threshold: number): BinaryAt {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < score.length; i++) {
    const p = score[i]! >= threshold;
    if (y[i]) {
      if (p) tp++;
      else fn++;
    } else if (p) fp++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    accuracy: (tp + tn) / score.length,
    fpr: fp + tn ? fp / (fp + tn) : 0,
    mcc: den ? (tp * tn - fp * fn) / den : 0,
  };
}
