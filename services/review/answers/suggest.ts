// Suggested answers: retrieval over prior approved answers by TF-IDF cosine similarity. Pure, no model.
// Each candidate document is the question it answered plus the answer itself, so a new question that
// is worded like an old one finds that old one's answer even when the answer uses other words.

export interface Candidate {
  answerId: string;
  caseId: string;
  /** The question the answer was approved for, when known. */
  question: string | null;
  answer: string;
}

export interface Suggestion {
  answerId: string;
  caseId: string;
  text: string;
  similarity: number;
}

const STOP_WORDS = new Set(
  ('a an and are as at be by can could do does did for from how i if in is it its me my of on or our please so that the their this to was we what '
    + 'when where which who why will with would you your hi hello thanks thank any anyone there here have has had not no yes just get got')
    .split(' '),
);

export function tokens(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 1 && !STOP_WORDS.has(t));
}

function termCounts(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

type Vector = Map<string, number>;

function weigh(counts: Map<string, number>, idf: (term: string) => number): Vector {
  const v: Vector = new Map();
  for (const [term, n] of counts) v.set(term, (1 + Math.log(n)) * idf(term));
  return v;
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [term, w] of a) dot += w * (b.get(term) ?? 0);
  const norm = (v: Vector) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

/** The best `limit` candidates with similarity at or above `minSimilarity`, best first (ties by answer id). */
export function suggestAnswers(question: string, candidates: readonly Candidate[], limit = 3, minSimilarity = 0.1): Suggestion[] {
  const docs = candidates.map((c) => termCounts(tokens(`${c.question ?? ''} ${c.answer}`)));
  const query = termCounts(tokens(question));
  if (query.size === 0 || docs.length === 0) return [];
  // Smoothed IDF over the candidates and the query, so a term every document shares weighs little.
  const n = docs.length + 1;
  const df = new Map<string, number>();
  for (const d of [...docs, query]) for (const term of d.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log((n + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  const q = weigh(query, idf);
  return candidates
    .map((c, i) => ({ answerId: c.answerId, caseId: c.caseId, text: c.answer, similarity: cosine(q, weigh(docs[i]!, idf)) }))
    .filter((s) => s.similarity >= minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || a.answerId.localeCompare(b.answerId))
    .slice(0, limit);
}
