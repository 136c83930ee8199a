// The fused weight table (int8 codes addressed by bucket) must give exactly each model's own logits.
import { join } from 'node:path';
import { normaliseText } from '../text/normalise';
import { readArtifact, readManifest } from './artifact';
import { BucketTable } from './bucket-table';
import { Featuriser } from './featurise';
import { FusedLinear, LinearModel } from './linear';

const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'models', 'artifacts');
const TEXTS = ['You are a stupid idiot and a worthless moron.', 'WINNER!! Claim your £900 prize, call 09061701461 now', 'Where is my card?', '', 'a'.repeat(500)];

describe('FusedLinear', () => {
  it('gives bit-identical logits to each model scoring alone', async () => {
    const manifest = await readManifest(ARTIFACTS);
    const models = await Promise.all(['hate', 'spam', 'toxicity'].map(async (id) => new LinearModel(await readArtifact(ARTIFACTS, manifest, id, manifest.models[id]!.live))));
    const fused = new FusedLinear(models);
    const f = new Featuriser(models[0]!.header.featuriser);
    for (const text of TEXTS) {
      const x = f.featurise(normaliseText(text));
      const out = new Float64Array(fused.width);
      fused.logits(x, out, 0);
      models.forEach((m, k) => {
        const own = m.logits(x);
        for (let c = 0; c < m.outputs; c++) expect(out[fused.offsets[k]! + c]).toBe(own[c]);
      });
    }
  });
});

describe('BucketTable', () => {
  it('keeps first-insertion order and values across growth', () => {
    const t = new BucketTable(4);
    const buckets = Array.from({ length: 50 }, (_, i) => (i * 2654435761) >>> 14);
    buckets.forEach((b, i) => t.add(b, i + 0.5));
    t.increment(buckets[3]!, 65535);
    expect(t.size).toBe(50);
    expect(Array.from({ length: t.size }, (_, k) => t.bucketAt(k))).toEqual(buckets);
    expect(t.valueAt(3)).toBe(4.5);
    t.clear();
    expect(t.size).toBe(0);
    t.increment(7, 2);
    t.increment(7, 2);
    t.increment(7, 2);
    expect(t.valueAt(0)).toBe(2); // saturates at the cap
  });
});
