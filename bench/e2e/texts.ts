// Real post texts for the end-to-end runs, mixed from every dataset in ../shared/data (spam, toxicity,
// hate speech, banking questions, forum posts), shuffled with a fixed seed so runs are comparable.
import { loadBanking77, loadDavidson, loadJigsaw, loadNewsgroups, loadSms } from '../../models/train/data';
import { rng, shuffle } from '../../models/train/split';

const PER_SOURCE = 2_000;
const MAX_CHARS = 2_000; // long forum posts exist; ingest accepts 10,000 but typical posts are short

export function loadMixedTexts(seed = 20261122): string[] {
  const random = rng(seed);
  const take = (texts: string[]) => shuffle(texts.filter((t) => t.trim().length > 0), random).slice(0, PER_SOURCE).map((t) => t.slice(0, MAX_CHARS));
  const texts = [
    ...take(loadSms().map((e) => e.text)),
    ...take(loadJigsaw('jigsaw_subset_train.csv').map((e) => e.text)),
    ...take(loadDavidson().map((e) => e.text)),
    ...take(loadBanking77().examples.map((e) => e.text)),
    ...take(loadNewsgroups().examples.map((e) => e.text)),
  ];
  return shuffle(texts, random);
}
