// `make eval`: re-score every live model artifact on its validation split through the serving code
// (sha256-verified load, featuriser, tfjs engine), print the metrics next to the papers' figures,
// check they match what training recorded, measure false-positive rates on clean text, route the
// validation posts through the default policy (models/eval/routing.ts), and time batched inference.
//   npx tsx models/eval/all.ts [--no-bench] [--no-routing]
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { readArtifact, readManifest } from '../../services/classify/signals/models/artifact';
import { createEngine, type Engine } from '../../services/classify/signals/models/engine';
import { Featuriser } from '../../services/classify/signals/models/featurise';
import { loadModelSignals } from '../../services/classify/signals/models';
import { LinearModel } from '../../services/classify/signals/models/linear';
import { hateSplit, decideHate } from '../train/hate';
import { argmax, binaryAt, multiclassReport, rocAuc, averagePrecision, eceBinary, eceTopLabel } from '../train/metrics';
import { ARTIFACTS_DIR } from '../train/paths';
import { BANKING77_SPEC, NEWSGROUPS_SPEC, routerSplit } from '../train/routers';
import { spamSplit } from '../train/spam';
import { toxicitySplit } from '../train/toxicity';
import { runBench } from './bench';
import { runRouting } from './routing';

interface Row {
  model: string;
  metric: string;
  ours: string;
  paper: string;
}

const rows: Row[] = [];
const mismatches: string[] = [];
const add = (model: string, metric: string, ours: number | string, paper = '—', digits = 4) => rows.push({ model, metric, ours: typeof ours === 'number' ? ours.toFixed(digits) : ours, paper });

/** Compare with the value training stored in model.json (same artifact, same split: must agree). */
function check(model: string, what: string, now: number, recorded: unknown): void {
  if (typeof recorded !== 'number') return;
  if (Math.abs(now - recorded) > 2e-3) mismatches.push(`${model} ${what}: eval ${now.toFixed(4)} vs training ${recorded}`);
}

async function load(engine: Engine, id: string) {
  const manifest = await readManifest(ARTIFACTS_DIR);
  const version = manifest.models[id]?.live;
  if (!version) throw new Error(`${id} is not in the manifest; run make models`);
  const model = new LinearModel(await readArtifact(ARTIFACTS_DIR, manifest, id, version));
  const f = new Featuriser(model.header.featuriser);
  const predict = (texts: readonly string[]) => engine.predict(model, texts.map((t) => f.featurise(normaliseText(t))));
  return { model, predict, training: model.header.training };
}

function get(o: unknown, ...path: Array<string | number>): unknown {
  let x = o;
  for (const k of path) x = x && typeof x === 'object' ? (x as Record<string | number, unknown>)[k] : undefined;
  return x;
}

async function main(): Promise<void> {
  const engine = await createEngine('tfjs');
  process.stderr.write(`eval: artifacts ${ARTIFACTS_DIR}, engine ${engine.name}\n`);

  // spam
  {
    const { model, predict, training } = await load(engine, 'spam');
    const { valTexts, yVal } = spamSplit();
    const p = await predict(valTexts);
    const t = model.header.thresholds['spam'] ?? 0.5;
    const m = binaryAt(p, yVal, t);
    add('spam', `accuracy % @ threshold ${t.toFixed(3)}`, 100 * m.accuracy, '97.64 (lin. SVM)', 2);
    add('spam', 'spam caught (SC) %', 100 * m.recall, '83.10', 2);
    add('spam', 'blocked ham (BH) %', 100 * m.fpr, '0.18', 2);
    add('spam', 'MCC', m.mcc, '0.893', 3);
    add('spam', 'ROC AUC', rocAuc(p, yVal));
    add('spam', 'ECE (in-sample calibration)', eceBinary(p, yVal));
    check('spam', 'accuracy', m.accuracy, get(training, 'validation', 'atThreshold', 'accuracy'));
  }
  // toxicity
  {
    const { model, predict, training } = await load(engine, 'toxicity');
    const { valTexts, yVal } = toxicitySplit();
    const p = await predict(valTexts);
    const C = model.outputs;
    model.header.labels.forEach((label, c) => {
      const pc = Float64Array.from({ length: valTexts.length }, (_, i) => p[i * C + c]!);
      const yc = Float64Array.from({ length: valTexts.length }, (_, i) => yVal[i * C + c]!);
      const auc = rocAuc(pc, yc);
      add('toxicity', `${label}: ROC AUC / AP (n+ ${yc.reduce((a, v) => a + v, 0)})`, `${auc.toFixed(3)} / ${averagePrecision(pc, yc).toFixed(3)}`);
      check('toxicity', `${label} AUC`, auc, get(training, 'validation', c, 'auc'));
    });
  }
  // hate
  {
    const { model, predict, training } = await load(engine, 'hate');
    const { valTexts, yVal } = hateSplit();
    const p = await predict(valTexts);
    const n = valTexts.length;
    const t = model.header.thresholds['hate'] ?? 0.5;
    const r = multiclassReport(yVal, Int32Array.from({ length: n }, (_, i) => decideHate(p, i, t)), model.header.labels);
    const a = multiclassReport(yVal, Int32Array.from({ length: n }, (_, i) => argmax(p, i * 3, 3)), model.header.labels);
    add('hate (Davidson)', `weighted F1, hate if p >= ${t.toFixed(3)}`, r.weighted.f1, '0.90', 3);
    add('hate (Davidson)', 'weighted P / R', `${r.weighted.precision.toFixed(3)} / ${r.weighted.recall.toFixed(3)}`, '0.91 / 0.90');
    add('hate (Davidson)', 'hate precision / recall', `${r.perClass[0]!.precision.toFixed(3)} / ${r.perClass[0]!.recall.toFixed(3)}`, '0.44 / 0.61');
    add('hate (Davidson)', 'weighted F1, argmax', a.weighted.f1, '—', 3);
    add('hate (Davidson)', 'hate P / R, argmax', `${a.perClass[0]!.precision.toFixed(3)} / ${a.perClass[0]!.recall.toFixed(3)}`);
    add('hate (Davidson)', 'top-label ECE', eceTopLabel(p, yVal, 3));
    check('hate', 'weighted F1', r.weighted.f1, get(training, 'validation', 'atHateThreshold', 'weighted', 'f1'));
  }
  // routers
  for (const spec of [BANKING77_SPEC, NEWSGROUPS_SPEC]) {
    const id = `router.${spec.router}`;
    const { model, predict, training } = await load(engine, id);
    const { valTexts, yVal } = routerSplit(spec);
    const p = await predict(valTexts);
    const C = model.outputs;
    const r = multiclassReport(yVal, Int32Array.from({ length: valTexts.length }, (_, i) => argmax(p, i * C, C)), model.header.labels);
    add(id, 'accuracy %', 100 * r.accuracy, spec.router === 'banking77' ? '93.66 (BERT-Tuned)' : '—', 2);
    add(id, 'macro F1', r.macroF1, '—', 3);
    add(id, 'top-label ECE', eceTopLabel(p, yVal, C));
    check(id, 'accuracy', r.accuracy, get(training, 'validation', 'accuracy'));
  }

  const w = [18, 44, 20, 20];
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join(' | ');
  console.log('\nValidation-split metrics of the shipped artifacts (NOT the held-out test sets; see models/cards/*.md)\n');
  console.log(line(['model', 'metric', 'ours (validation)', 'paper']));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const r of rows) console.log(line([r.model, r.metric, r.ours, r.paper]));

  // ECE before/after as recorded by training (after = 2-fold cross-fitted on validation).
  console.log('\nCalibration (ECE, 10 bins; "after" is 2-fold cross-fitted on the validation split):');
  const manifest = await readManifest(ARTIFACTS_DIR);
  for (const [id, entry] of Object.entries(manifest.models)) {
    const { header } = await readArtifact(ARTIFACTS_DIR, manifest, id, entry.live);
    const ece = get(header.training, 'ece') as { before: number[]; afterCrossFitted: number[] } | undefined;
    if (!ece) continue;
    const labels = header.kind === 'softmax' ? ['top-label'] : header.labels;
    console.log(`  ${id.padEnd(22)} ${labels.map((l, k) => `${l} ${ece.before[k]!.toFixed(3)} -> ${ece.afterCrossFitted[k]!.toFixed(3)}`).join(', ')}`);
  }

  // Clean-text false positives: BANKING77 validation queries are polite customer questions.
  {
    const signals = await loadModelSignals({ modelsDir: ARTIFACTS_DIR });
    const { valTexts } = routerSplit(BANKING77_SPEC);
    const results = await signals.scoreBatch(valTexts.map(normaliseText));
    const cats = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'profanity', 'threat'] as const;
    const rates = cats.map((c) => `${c} ${((100 * results.filter((r) => (r.scores[c] ?? 0) >= 0.5).length) / results.length).toFixed(2)}%`);
    console.log(`\nClean-text false-positive rate (score >= 0.5) on ${results.length} BANKING77 validation queries: ${rates.join(', ')}`);
    const hate = await load(engine, 'hate');
    const ph = await hate.predict(valTexts);
    const off = valTexts.filter((_, i) => ph[i * 3 + 1]! >= 0.5).length;
    console.log(`  (Davidson p(offensive) >= 0.5 on the same clean queries: ${((100 * off) / valTexts.length).toFixed(2)}%; this is why "offensive" feeds no category)`);
    signals.dispose();
  }

  if (mismatches.length) {
    console.log(`\nMISMATCH between eval and the numbers recorded at training time:\n  ${mismatches.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('\nEval numbers match those recorded at training time (same artifacts, same splits).');

  // Routing with the default policy on the same validation splits (table, frontier, results/routing.json).
  if (!process.argv.includes('--no-routing')) await runRouting();

  if (!process.argv.includes('--no-bench')) await runBench();
  engine.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
