// Rebuilds infra/demo/sample-posts.jsonl: a few hundred real posts drawn from ../shared/data with a fixed
// seed, plus a handful of synthetic posts that exercise the hard rules. Run: npx tsx infra/demo/build-sample.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAVIDSON_CLASSES, loadBanking77, loadDavidson, loadJigsaw, loadSms } from '../../models/train/data';
import { rng, shuffle } from '../../models/train/split';

function pick<T>(items: readonly T[], n: number, random: () => number): T[] {
  return shuffle([...items], random).slice(0, n);
}

const random = rng(20261122);
const lines: Array<{ source: string; label: string; text: string }> = [];
const sms = loadSms();
for (const e of pick(sms.filter((x) => x.label === 'ham'), 70, random)) lines.push({ source: 'sms-spam', label: e.label, text: e.text });
for (const e of pick(sms.filter((x) => x.label === 'spam'), 25, random)) lines.push({ source: 'sms-spam', label: e.label, text: e.text });
const banking = loadBanking77();
for (const e of pick(banking.examples, 90, random)) lines.push({ source: 'banking77', label: banking.labels[e.label] ?? String(e.label), text: e.text });
const davidson = loadDavidson();
for (const e of pick(davidson, 40, random)) lines.push({ source: 'davidson-hate-speech', label: DAVIDSON_CLASSES[e.label] ?? String(e.label), text: e.text });
const jigsaw = loadJigsaw('jigsaw_subset_train.csv').filter((e) => e.text.length <= 1_500);
for (const e of [...pick(jigsaw.filter((x) => x.label.every((l) => l === 0)), 45, random), ...pick(jigsaw.filter((x) => x.label.some((l) => l === 1)), 15, random)]) {
  lines.push({ source: 'jigsaw-toxic', label: e.label.join(''), text: e.text });
}
const synthetic = [
  'Please delete my account and all my data under GDPR Article 17, I asked three times already.',
  'Under § 823 BGB you are liable for the damage your update caused.',
  'My IBAN is DE89 3704 0044 0532 0130 00, can you refund the fee there?',
  'Call me on +44 20 7946 0958 or mail jane.doe@example.com, the app keeps crashing.',
  'I know where you live and I am going to hurt you if the refund does not arrive.',
  'I cannot do this anymore, I want to end my life.',
];
for (const text of synthetic) lines.push({ source: 'synthetic', label: 'hard-rule', text });

const out = join(__dirname, 'sample-posts.jsonl');
writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
console.log(`wrote ${lines.length} posts to ${out}`);
