// Deterministic scores for a fixed model and input: 320 posts (the demo posts plus evasion, personal
// data, law and Unicode edge cases) classified by the whole ensemble must equal, exactly, the output
// recorded in test/fixtures/classify-golden.json by `npx tsx models/eval/golden.ts`. That file was
// produced before the classify speed work, so an optimisation that moves any score, label, topic or
// explanation fails here. Batches of 17 (the file was written in batches of 64) also show that a
// post's result does not depend on what else is in its batch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from './ensemble';
import { loadModelSignals, type LoadedModelSignals } from './models';
import type { Classification, Classifier } from './types';

const ROOT = join(__dirname, '..', '..', '..');

interface Golden {
  engine: string;
  versions: Record<string, string>;
  cases: Array<{ input: { id: string; text: string }; output: Classification }>;
}

const golden = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'classify-golden.json'), 'utf8')) as Golden;
let models: LoadedModelSignals;
let classifier: Classifier;

beforeAll(async () => {
  models = await loadModelSignals({ modelsDir: join(ROOT, 'models', 'artifacts'), router: 'banking77' });
  classifier = createClassifier({ models });
});
afterAll(() => models.dispose());

describe('golden classifications', () => {
  it('runs the same engine and model versions the golden file was made with', () => {
    expect(models.engine).toBe(golden.engine);
    expect(classifier.versions).toEqual(golden.versions);
    expect(golden.cases.length).toBeGreaterThan(300);
  });

  it('classifies every golden post exactly as recorded', async () => {
    const inputs = golden.cases.map((c) => c.input);
    const outputs: Classification[] = [];
    for (let i = 0; i < inputs.length; i += 17) outputs.push(...(await classifier.classifyBatch(inputs.slice(i, i + 17))));
    // JSON round trip: the file holds what JSON.stringify wrote (e.g. no undefined fields).
    const actual = outputs.map((o) => JSON.parse(JSON.stringify(o)) as Classification);
    const moved = golden.cases.filter((c, i) => JSON.stringify(actual[i]) !== JSON.stringify(c.output)).map((c) => c.input.id);
    expect(moved).toEqual([]);
    expect(actual).toEqual(golden.cases.map((c) => c.output));
  });

  it('classifies a post alone exactly as inside a batch', async () => {
    for (const c of golden.cases.filter((_, i) => i % 40 === 0)) {
      const [alone] = await classifier.classifyBatch([c.input]);
      expect(JSON.parse(JSON.stringify(alone))).toEqual(c.output);
    }
  });
});
