// A small stop-word language guess for when upstream does not say. It only has to pick the review
// queue's language; a wrong guess costs a reassignment, not a wrong decision.
const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'to', 'of', 'it', 'you', 'that', 'in', 'my', 'for', 'this', 'with', 'have', 'not'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ich', 'mit', 'sie', 'ein', 'eine', 'zu', 'den', 'auf', 'mein'],
  fr: ['le', 'la', 'les', 'et', 'est', 'je', 'pas', 'une', 'des', 'vous', 'que', 'pour', 'dans', 'mon', 'avec'],
  es: ['el', 'la', 'los', 'y', 'es', 'que', 'no', 'una', 'por', 'para', 'con', 'mi', 'pero', 'las', 'del'],
  nl: ['de', 'het', 'een', 'en', 'is', 'niet', 'ik', 'van', 'dat', 'met', 'voor', 'mijn', 'maar', 'op', 'zijn'],
};

export function guessLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 3) return 'und';
  let best = 'und';
  let bestHits = 1;
  for (const [lang, stop] of Object.entries(STOPWORDS)) {
    const set = new Set(stop);
    const hits = words.filter((w) => set.has(w)).length;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return best;
}
