// Citations of laws, regulations and articles ("Art. 6(1)(f) GDPR", "§ 823 Abs. 1 BGB", "17 U.S.C. § 512").
// A post that cites law is routed to people who can answer it, and may be a legal threat in disguise.
// The word "article" or "section" alone is everyday English, so those only count next to a statute.

import { type MappedText, cleanWithMap } from '../text/normalise';
import type { Span } from '../types';
import { keepNonOverlapping, matchMapped, type RuleHit } from './rule-hit';

export type LegalRuleId = 'legal.citation' | 'legal.statute_name';

export interface LegalHit extends RuleHit {
  ruleId: LegalRuleId;
}

// Abbreviations that name a statute when attached to an article or paragraph number. Short or
// ambiguous ones (GG = "good game", DSA = "data structures and algorithms") count only in citations.
const CITABLE_STATUTE = [
  'UK GDPR', 'GDPR', 'DSGVO', 'BDSG', 'TTDSG', 'BGB', 'StGB', 'HGB', 'UrhG', 'TMG', 'TKG', 'NetzDG', 'UWG', 'ZPO',
  'StPO', 'GG', 'AEUV', 'TFEU', 'TEU', 'ECHR', 'EMRK', 'DSA', 'DMA', 'CDA', 'DMCA', 'CCPA', 'CPRA', 'RGPD', 'LGPD',
  'DDG', 'KUG', 'EUV', 'GRCh', 'Charter',
].join('|');
// Abbreviations unambiguous enough to count on their own, but only as a weaker signal.
const BARE_STATUTE = 'GDPR|DSGVO|RGPD|CCPA|CPRA|DMCA|HIPAA|COPPA|FERPA|CAN-SPAM|NetzDG|PIPEDA|LGPD|BDSG|TTDSG|PECR|CFAA';
const NAMED_ACT = [
  'Communications Decency Act', 'Digital Services Act', 'Digital Markets Act', 'Data Protection Act',
  'Computer Misuse Act', 'Online Safety Act', 'Copyright Act', 'Privacy Act', 'Equality Act', 'Human Rights Act',
  'Defamation Act', 'Consumer Rights Act', 'Freedom of Information Act', 'Digital Millennium Copyright Act',
  'Computer Fraud and Abuse Act', 'Americans with Disabilities Act', 'Fair Credit Reporting Act', 'AI Act',
  'Children\'s Online Privacy Protection Act', 'Electronic Communications Privacy Act', 'Investigatory Powers Act',
  'Telemediengesetz', 'Netzwerkdurchsetzungsgesetz', 'Bürgerliches Gesetzbuch', 'Strafgesetzbuch', 'Grundgesetz',
].join('|');

const NUMBERED = String.raw`\d+[a-z]?(?:\s?\(\d+[a-z]?\))*(?:\s?\([a-z]{1,3}\))*`;
const ARTICLE = String.raw`(?:Art(?:icle|ikel|s?\.)|article|Artt?\.)`;
const OF_STATUTE = String.raw`(?:\s+(?:of|der|des|du|de\s+la)(?:\s+the)?)?\s+(?:${CITABLE_STATUTE})\b`;
const GERMAN_SUBDIVISION = String.raw`(?:\s*(?:Abs\.|Absatz)\s*\d+)?(?:\s*(?:S\.|Satz)\s*\d+)?(?:\s*(?:Nr\.|Ziff\.)\s*\d+)?(?:\s*lit\.\s*[a-z])?`;
const PARAGRAPH = String.raw`§§?\s?\d+[a-z]?(?:\s?(?:,|und|and|-)\s?\d+[a-z]?)*${GERMAN_SUBDIVISION}`;
const ACT_NAME = String.raw`(?:${NAMED_ACT}|(?:[A-Z][a-z]+\s+){1,5}(?:Act|Code|Regulation|Directive|Convention))`;

interface Citation {
  /**
   * A cheap test every match needs (e.g. a "§" or "art"); when it fails the pattern cannot match and
   * is skipped. Most posts cite nothing, so most patterns never run.
   */
  gate: RegExp;
  pattern: RegExp;
  ruleId: LegalRuleId;
  score: number;
  detail: string;
}

// Every acronym pattern needs one of the bare statute names as a whole word.
const BARE_STATUTE_GATE = new RegExp(String.raw`\b(?:${BARE_STATUTE})\b`, 'i');

const CITATIONS: readonly Citation[] = [
  // "Art. 6(1)(f) GDPR", "Article 17 of the GDPR", "Art. 17 DSGVO"
  { gate: /art/i, pattern: new RegExp(String.raw`\b${ARTICLE}\s?${NUMBERED}${GERMAN_SUBDIVISION}${OF_STATUTE}`, 'g'), ruleId: 'legal.citation', score: 1, detail: 'article + statute' },
  // "GDPR Article 17", "DSA Art. 16"
  { gate: /art/i, pattern: new RegExp(String.raw`\b(?:${CITABLE_STATUTE})\s+${ARTICLE}\s?${NUMBERED}`, 'g'), ruleId: 'legal.citation', score: 1, detail: 'statute + article' },
  // "§ 823 BGB", "§823 Abs. 1 BGB", "§§ 823, 826 BGB"
  { gate: /§/, pattern: new RegExp(String.raw`${PARAGRAPH}\s+(?:${CITABLE_STATUTE})\b`, 'g'), ruleId: 'legal.citation', score: 1, detail: 'paragraph + statute' },
  // Bare "§ 5": nearly always legal, but technical documents number their sections with it too.
  { gate: /§/, pattern: new RegExp(PARAGRAPH, 'g'), ruleId: 'legal.citation', score: 0.8, detail: 'paragraph sign' },
  // "NAV §", "BGB §": a statute abbreviation followed by the paragraph sign.
  { gate: /§/, pattern: /\b[A-Z][A-Za-z]{1,7}\s?§/g, ruleId: 'legal.citation', score: 0.9, detail: 'statute + paragraph sign' },
  // "17 U.S.C. § 512", "47 U.S.C. 230", "45 CFR 164.512"
  { gate: /\d\s+[UC]/, pattern: /\b\d+\s+(?:U\.\s?S\.\s?C\.?|USC|C\.\s?F\.\s?R\.?|CFR)\s*(?:§+\s*)?\d+[a-z]?(?:\.\d+)?(?:\([a-z0-9]+\))*/g, ruleId: 'legal.citation', score: 1, detail: 'US code' },
  // "Section 230 of the Communications Decency Act", "section 5 of the Copyright Act 1968"
  { gate: /\sof\s/, pattern: new RegExp(String.raw`\b[Ss](?:ection|ec\.|\.)\s?${NUMBERED}\s+of\s+(?:the\s+)?${ACT_NAME}`, 'g'), ruleId: 'legal.citation', score: 1, detail: 'section + act' },
  // "Regulation (EU) 2016/679", "Directive 2000/31/EC", "Council Regulation (EC) No 44/2001"
  { gate: /\d\/\d/, pattern: /\b(?:Regulation|Directive|Verordnung|Richtlinie|Règlement|Directive)\s?(?:\((?:EU|EC|EEC|EG|EWG|UE|CE)\)\s?)?(?:No\.?\s?|Nr\.\s?)?\d{2,4}\/\d{1,4}(?:\/(?:EU|EC|EEC|EG|EWG|UE|CE))?/g, ruleId: 'legal.citation', score: 1, detail: 'EU instrument' },
  // "Digital Services Act", "Online Safety Act 2023", "the Fire Safety Act of 2021"
  { gate: /Act|[Gg]esetz/, pattern: new RegExp(String.raw`\b(?:${NAMED_ACT})(?:\s+(?:of\s+)?(?:19|20)\d{2})?\b`, 'g'), ruleId: 'legal.citation', score: 1, detail: 'named act' },
  { gate: /Act/, pattern: /\b(?:[A-Z][a-z]+\s+){1,5}Act\s+(?:of\s+)?(?:19|20)\d{2}\b/g, ruleId: 'legal.citation', score: 1, detail: 'act + year' },
  // "DMCA takedown", "GDPR request": an acronym in a legal process is a clear reference.
  { gate: BARE_STATUTE_GATE, pattern: new RegExp(String.raw`\b(?:${BARE_STATUTE})[- ](?:takedown|notice|request|complaint|claim|violation|breach|compliance|compliant|rights?)\b`, 'gi'), ruleId: 'legal.citation', score: 0.9, detail: 'statute + legal process' },
  { gate: BARE_STATUTE_GATE, pattern: new RegExp(String.raw`\b(?:${BARE_STATUTE})\b`, 'gi'), ruleId: 'legal.statute_name', score: 0.7, detail: 'statute acronym' },
];

function spanOf(h: LegalHit): Span {
  return h.spans[0] ?? { start: 0, end: 0, text: '' };
}

/** Every legal citation or statute name in `text`; where matches overlap the longest one wins. */
export function detectLegalReferences(text: string, clean: MappedText = cleanWithMap(text)): LegalHit[] {
  const candidates: LegalHit[] = CITATIONS.flatMap((citation) =>
    !citation.gate.test(clean.text) ? [] : matchMapped(text, clean, citation.pattern).map(({ span }) => ({
      ruleId: citation.ruleId,
      score: citation.score,
      spans: [span],
      detail: citation.detail,
    })),
  );
  const longestFirst = candidates.sort((a, b) => {
    const [sa, sb] = [spanOf(a), spanOf(b)];
    return sb.end - sb.start - (sa.end - sa.start) || b.score - a.score || sa.start - sb.start;
  });
  return keepNonOverlapping(longestFirst, spanOf, text.length).sort((a, b) => spanOf(a).start - spanOf(b).start);
}

/** The `legal_reference` category score: the clearest citation found. */
export function legalScore(hits: readonly LegalHit[]): number {
  return hits.reduce((best, h) => Math.max(best, h.score), 0);
}
