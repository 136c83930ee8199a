// Loaders for the shared datasets (see /work/shared/data/*/README.md). Each returns raw texts with
// labels; normalisation and featurisation happen later, identically for every model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './paths';

/** RFC 4180 CSV (quoted fields may hold newlines and doubled quotes). Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvObjects(path: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${path}: empty CSV`);
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r, i) => {
      if (r.length !== header.length) throw new Error(`${path}: row ${i + 2} has ${r.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((h, k) => [h, r[k] ?? '']));
    });
}

export interface Example<L> {
  text: string;
  label: L;
}

export function loadSms(): Array<Example<'ham' | 'spam'>> {
  const path = join(dataDir(), 'sms-spam', 'SMSSpamCollection_train.tsv');
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l, i) => {
      const tab = l.indexOf('\t');
      const label = l.slice(0, tab);
      if (label !== 'ham' && label !== 'spam') throw new Error(`${path}:${i + 1}: bad label ${label}`);
      return { text: l.slice(tab + 1), label };
    });
}

export const DAVIDSON_CLASSES = ['hate', 'offensive', 'neither'] as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Tweet clean-up for Davidson: HTML entities decoded, retweet markers dropped, @handles and URLs
 * replaced by placeholders (as the paper did), so the model learns words rather than user names.
 */
export function cleanTweet(t: string): string {
  return t
    .replace(/&(#\d+|[a-z]+);/gi, (m, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e.toLowerCase()] ?? m))
    .replace(/https?:\/\/\S+/g, ' http ')
    .replace(/\bRT\b/g, ' ')
    .replace(/@[\w_]+:?/g, ' @user ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Davidson tweets with the majority class and the coders' vote counts [hate, offensive, neither]. */
export function loadDavidson(): Array<Example<number> & { votes: [number, number, number] }> {
  const path = join(dataDir(), 'davidson-hate-speech', 'labeled_data_train.csv');
  return csvObjects(path).map((r) => {
    const label = Number(r['class']);
    if (![0, 1, 2].includes(label)) throw new Error(`${path}: bad class ${r['class']}`);
    const votes: [number, number, number] = [Number(r['hate_speech']), Number(r['offensive_language']), Number(r['neither'])];
    if (votes.some((v) => !Number.isInteger(v) || v < 0) || votes[0] + votes[1] + votes[2] === 0) throw new Error(`${path}: bad vote counts in row ${r['']}`);
    return { text: cleanTweet(r['tweet'] ?? ''), label, votes };
  });
}

export const JIGSAW_LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'] as const;

export function loadJigsaw(file: 'jigsaw_subset_train.csv' | 'jigsaw_enriched_extra_train.csv'): Array<Example<number[]> & { id: string }> {
  const path = join(dataDir(), 'jigsaw-toxic', file);
  return csvObjects(path).map((r) => ({
    id: r['id'] ?? '',
    text: r['comment_text'] ?? '',
    label: JIGSAW_LABELS.map((l) => {
      const v = Number(r[l]);
      if (v !== 0 && v !== 1) throw new Error(`${path}: bad ${l}=${r[l]}`);
      return v;
    }),
  }));
}

export function loadBanking77(): { examples: Array<Example<number>>; labels: string[] } {
  const dir = join(dataDir(), 'banking77');
  const labels = JSON.parse(readFileSync(join(dir, 'categories.json'), 'utf8')) as string[];
  const index = new Map(labels.map((l, i) => [l, i]));
  const examples = csvObjects(join(dir, 'train.csv')).map((r) => {
    const label = index.get(r['category'] ?? '');
    if (label === undefined) throw new Error(`banking77: unknown category ${r['category']}`);
    return { text: r['text'] ?? '', label };
  });
  return { examples, labels };
}

const QUOTE_RE = /(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)/;

/**
 * 20 Newsgroups clean-up, the same three steps as scikit-learn's `remove=('headers','footers','quotes')`:
 * drop everything before the first blank line, drop quoted lines (and "In article … writes:"), drop
 * the signature block after the last line made only of dashes.
 */
export function stripNewsgroupPost(text: string): string {
  const blank = text.indexOf('\n\n');
  let body = blank >= 0 ? text.slice(blank + 2) : text;
  body = body
    .split('\n')
    .filter((l) => !QUOTE_RE.test(l))
    .join('\n');
  const lines = body.trim().split('\n');
  for (let k = lines.length - 1; k >= 0; k--) {
    if ((lines[k] ?? '').trim().replace(/^-+|-+$/g, '') === '') {
      if (k > 0) return lines.slice(0, k).join('\n');
      break;
    }
  }
  return lines.join('\n');
}

export function loadNewsgroups(): { examples: Array<Example<number>>; labels: string[] } {
  const path = join(dataDir(), '20newsgroups', '20news-bydate-train.jsonl');
  const raw = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { newsgroup: string; text: string });
  const labels = [...new Set(raw.map((r) => r.newsgroup))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  return { examples: raw.map((r) => ({ text: stripNewsgroupPost(r.text), label: index.get(r.newsgroup)! })), labels };
}
