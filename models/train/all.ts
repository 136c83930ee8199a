// `make models`: rebuild every model artifact from the shared datasets, deterministically.
//   npx tsx models/train/all.ts [model ...]      (models: spam toxicity hate banking77 20newsgroups)
// Data: $VIGIL_DATA_DIR_SHARED (default ../shared/data from the repo root). Output:
// models/artifacts/<id>/<version>/{model.json,weights.bin}, models/artifacts/manifest.json and
// models/cards/<id>.md.
import { writeArtifact, type Built } from './build';
import { trainingSummary, writeCard, type CardInput } from './cards';
import { dataDir } from './paths';
import { log } from './progress';
import { trainHate } from './hate';
import { BANKING77_SPEC, NEWSGROUPS_SPEC, trainRouter } from './routers';
import { trainSpam } from './spam';
import { trainToxicity } from './toxicity';
import { useTrainingBackend } from './trainer';

const ALL = ['spam', 'toxicity', 'hate', 'banking77', '20newsgroups'] as const;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const w of wanted) if (!(ALL as readonly string[]).includes(w)) throw new Error(`unknown model ${w}; known: ${ALL.join(', ')}`);
  const run = wanted.length ? ALL.filter((m) => wanted.includes(m)) : [...ALL];
  const backend = await useTrainingBackend();
  log(`vigil models: data ${dataDir()}, tfjs backend ${backend}, models ${run.join(', ')}`);
  const t0 = Date.now();
  const summary: string[] = [];
  const save = (built: Built, card: CardInput) => {
    built.header.training = trainingSummary(card);
    const { dir, files } = writeArtifact(built.header, built.bytes);
    writeCard(built, card, files);
    summary.push(`${built.header.id}@${built.header.version}: ${(built.bytes.length / 1024).toFixed(0)} KiB weights, ${built.header.weights.rows} rows -> ${dir}`);
  };
  for (const m of run) {
    switch (m) {
      case 'spam': {
        const r = await trainSpam();
        save(r.built, { kind: 'spam', report: r });
        break;
      }
      case 'toxicity': {
        const r = await trainToxicity();
        save(r.built, { kind: 'toxicity', report: r });
        break;
      }
      case 'hate': {
        const r = await trainHate();
        save(r.built, { kind: 'hate', report: r });
        break;
      }
      case 'banking77':
      case '20newsgroups': {
        const r = await trainRouter(m === 'banking77' ? BANKING77_SPEC : NEWSGROUPS_SPEC);
        save(r.built, { kind: 'router', report: r });
        break;
      }
    }
  }
  log(`\ndone in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const s of summary) log(`  ${s}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
