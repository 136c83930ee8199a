// Is the post asking something? Questions are routed to people who can answer them, so this favours
// precision on statements that merely look like questions ("When I click save, it crashes.") and on
// rhetorical ones ("Who cares?"), while catching questions written without a question mark
// ("Does anyone know how to reset the router", "any idea why my build fails").
// English first, with the commonest German, French and Spanish forms.

export interface QuestionSignal {
  value: boolean;
  score: number;
}

const SCORE = {
  questionMark: 0.9,
  interrobang: 0.55,
  rhetorical: 0.3,
  strongOpener: 0.85,
  opener: 0.75,
  helpPhrase: 0.65,
  bareWhWord: 0.55,
  exclamation: 0.35,
  subordinateClause: 0.3,
  exclamative: 0.2,
} as const;

export const QUESTION_THRESHOLD = 0.5;

// Quoted replies, code and links carry question marks and wh-words that are not the author's question.
const NOISE = /```[\s\S]*?```|`[^`\n]*`|^>.*$|\bhttps?:\/\/\S+|\bwww\.\S+/gm;
const SENTENCE = /[^.!?\n]+(?:[.!?]+|\n|$)/g;
const TERMINATOR = /[.!?]*$/;
const LEADING_PUNCTUATION = /^[¿¡"'(*\-\s]+/u;
const CURLY_APOSTROPHE = /[\u2018\u2019]/g;

const WH = String.raw`(?:how|what|why|where|when|which|who|whom|whose|wie|warum|wo|wann|wer|welche[rsm]?|weshalb|wieso|woher|wohin|comment|pourquoi|quel(?:le)?s?|où|ou|quand|qui|combien|cómo|como|qué|que|dónde|donde|cuándo|cuando|quién|quien|cuál|cual)`;
const AUX = String.raw`(?:can|could|would|will|should|shall|is|are|was|were|does|did|may|might|isn'?t|aren'?t|doesn'?t|didn'?t|can'?t|won'?t|wouldn'?t|shouldn'?t|couldn'?t)`;
const AUX_PERSONAL = String.raw`(?:do|don'?t|have|has|had|haven'?t|hasn'?t|am)`;
const PRONOUN = String.raw`(?:i|you|u|we|they|he|she|it|someone|somebody|anyone|anybody|everyone|y'?all)`;
const DETERMINER = String.raw`(?:there|this|that|these|those|the|my|your|our|their|a|an|any|some|it)`;
const GERMAN_AUX = String.raw`(?:kann|kannst|können|könnte|gibt|hat|hast|habt|weiß|ist|sind|muss|soll|sollte|darf|funktioniert)`;
const GERMAN_SUBJECT = String.raw`(?:ich|man|jemand|du|ihr|sie|er|es|das|der|die|mir|mich)`;

const STRONG_OPENER = new RegExp(
  String.raw`^(?:(?:does|do|did|can|could|would|will|has|have) (?:any ?one|any ?body|someone|somebody|you guys|y'?all)|how (?:do|can|could|should|would) (?:i|we|you|one)|is there (?:a|any) way|any (?:idea|ideas|clue|tips|suggestions|advice)|anyone (?:know|have|else)|wie kann (?:ich|man)|weiß jemand|hat jemand|comment (?:faire|puis-je|peut-on)|est-ce que|y a-t-il|quelqu'un (?:sait|peut|a))\b`,
  'u',
);
const OPENER = new RegExp(
  String.raw`^(?:${AUX} (?:${PRONOUN}|${DETERMINER})|${AUX_PERSONAL} ${PRONOUN}|${WH} (?:${AUX}|${AUX_PERSONAL}|to|many|much|long|often|come|about|kind|sort|version|one|else|exactly|kann|ist|sind|hat|macht|mache|funktioniert|est|sont|faire|fait|peut|puis|es|está|puedo|hago)|${GERMAN_AUX} ${GERMAN_SUBJECT}|was (?:ist|sind|kann|macht|mache|muss|soll|bedeutet)|\p{L}+-(?:vous|tu|on|il|elle|je|t-il|t-elle)\b)(?![\p{L}])`,
  'u',
);
const WH_THEN_SUBJECT = new RegExp(String.raw`^${WH} (?:${PRONOUN}|ich|wir|je|nous|on)(?![\p{L}])`, 'u');
const WH_START = new RegExp(String.raw`^${WH}(?![\p{L}])`, 'u');
const EXCLAMATIVE = /^(?:what an? |how (?:nice|great|cool|awesome|wonderful|lovely|sad|funny|beautiful|sweet|kind|strange|weird|amazing|cute|stupid|annoying|rude|interesting|true|brilliant|exciting|embarrassing)\b|wie (?:schön|toll|cool)\b|quel(?:le)? (?:dommage|plaisir)\b)/u;
const RHETORICAL =
  /^(?:who (?:cares|knows|asked)|why not|what the (?:hell|heck|fuck)|how dare|are you (?:kidding|serious|joking)|seriously|really|right|isn'?t it|you know|guess what|what'?s not to (?:like|love)|how (?:cool|awesome|great|amazing) is that|can you believe|who would have thought|is it just me|am i the only one)\b/u;
const HELP_PHRASE =
  /(?:^|[^\p{L}])(?:help me|need (?:some )?help|(?:can'?t|cannot|couldn'?t) figure out|any (?:idea|ideas|suggestions|advice|tips|help|pointers)|(?:does|can|could) (?:any ?one|someone|somebody)|any ?one know|i(?:'?m)? wonder(?:ing)?|wondering (?:if|whether|how|why)|please advise|looking for (?:advice|help)|how to |kann mir jemand|brauche hilfe|quelqu'un (?:sait|peut)|besoin d'aide|necesito ayuda)(?![\p{L}])/u;

function sentenceScore(raw: string): number {
  const terminator = TERMINATOR.exec(raw)?.[0] ?? '';
  const body = raw.slice(0, raw.length - terminator.length).trim().replace(LEADING_PUNCTUATION, '');
  if (raw.trimStart().startsWith('¿')) return SCORE.questionMark;
  if (terminator.includes('?')) {
    if (RHETORICAL.test(body)) return SCORE.rhetorical;
    return terminator.includes('!') ? SCORE.interrobang : SCORE.questionMark;
  }
  const helpScore = HELP_PHRASE.test(body) ? SCORE.helpPhrase : 0;
  if (EXCLAMATIVE.test(body)) return Math.max(SCORE.exclamative, helpScore);
  let openerScore = 0;
  if (STRONG_OPENER.test(body)) openerScore = SCORE.strongOpener;
  else if (OPENER.test(body)) openerScore = SCORE.opener;
  else if (WH_THEN_SUBJECT.test(body)) openerScore = SCORE.subordinateClause;
  else if (WH_START.test(body)) openerScore = SCORE.bareWhWord;
  // "How great is this!" or "Can you believe it!" are exclamations, whatever their word order.
  if (terminator.includes('!')) openerScore = Math.min(openerScore, SCORE.exclamation);
  return Math.max(openerScore, helpScore);
}

// A question sits near the start or the end of a post; reading only those keeps huge posts cheap.
const EDGE_CHARS = 4000;

/** Whether `text` asks a question, with a confidence in [0, 1]. Pure and deterministic. */
export function detectQuestion(text: string): QuestionSignal {
  const edges = text.length > 2 * EDGE_CHARS ? `${text.slice(0, EDGE_CHARS)}\n${text.slice(-EDGE_CHARS)}` : text;
  const prepared = edges.normalize('NFKC').replace(CURLY_APOSTROPHE, "'").toLowerCase().replace(NOISE, ' ');
  let score = 0;
  for (const sentence of prepared.matchAll(SENTENCE)) {
    if (sentence[0].trim().length === 0) continue;
    score = Math.max(score, sentenceScore(sentence[0]));
    if (score >= SCORE.questionMark) break;
  }
  return { value: score >= QUESTION_THRESHOLD, score };
}
