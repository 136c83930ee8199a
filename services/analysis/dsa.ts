// EU DSA statements of reasons (Art. 17 and 24(5)) from the decision log, in the DSA Transparency
// Database's API field names and enum values. Pure: it reads a case's log history and writes no personal
// data (no member ids, no text, no emails); `puid` is the log event id, which names no person.
//
// Which decisions become a statement: the restrictive ones that are final for now, i.e. an automatic
// hide, a reviewer's remove or restrict_author, and a re-score that supersedes a decision with a hide.
// A hold for review (review, escalate) is not yet a decision on the content, and appeal outcomes amend an
// earlier statement rather than restrict anything new.
import type { LogEntry, PostFacts } from '../core/log/events';

export type DsaCategory =
  | 'STATEMENT_CATEGORY_ANIMAL_WELFARE'
  | 'STATEMENT_CATEGORY_CONSUMER_INFORMATION'
  | 'STATEMENT_CATEGORY_CYBER_VIOLENCE'
  | 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS'
  | 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH'
  | 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS'
  | 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS'
  | 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC'
  | 'STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT'
  | 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS'
  | 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY'
  | 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'
  | 'STATEMENT_CATEGORY_SELF_HARM'
  | 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS'
  | 'STATEMENT_CATEGORY_VIOLENCE';

/** The 30 EEA states, the default territorial scope of a community-wide decision. */
export const EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

export interface DsaStatement {
  decision_visibility: Array<'DECISION_VISIBILITY_CONTENT_REMOVED' | 'DECISION_VISIBILITY_CONTENT_DISABLED'>;
  decision_provision?: 'DECISION_PROVISION_PARTIAL_SUSPENSION';
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: 'Yes' | 'No';
  category: DsaCategory;
  content_type: ['CONTENT_TYPE_TEXT'];
  content_language?: string;
  content_date: string;
  application_date: string;
  territorial_scope: string[];
  decision_facts: string;
  source_type: 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_PARTIALLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  puid: string;
}

/** How a reason code or a category maps to DSA terms. `legalGround` makes the ground illegal content. */
export interface GroundMapping {
  category: DsaCategory;
  legalGround?: string;
}

/** Vigil's policy reason codes. Anything not here falls back to the categories that drove the decision. */
export const REASON_CODE_MAPPING: Readonly<Record<string, GroundMapping>> = {
  SPAM: { category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' },
  OFF_TOPIC: { category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' },
  HARASSMENT: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' },
  PERSONAL_DATA: { category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS' },
  CREDIBLE_THREAT: { category: 'STATEMENT_CATEGORY_VIOLENCE' },
  SELF_HARM_RISK: { category: 'STATEMENT_CATEGORY_SELF_HARM' },
  LEGAL_REFERENCE: { category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' },
};

/** Vigil's classifier categories. */
export const CATEGORY_MAPPING: Readonly<Record<string, DsaCategory>> = {
  spam: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  toxicity: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  severe_toxicity: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  identity_attack: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  insult: 'STATEMENT_CATEGORY_CYBER_VIOLENCE',
  profanity: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  threat: 'STATEMENT_CATEGORY_VIOLENCE',
  sexual: 'STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT',
  self_harm: 'STATEMENT_CATEGORY_SELF_HARM',
  pii: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  legal_reference: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
};

export interface DsaOptions {
  from: Date;
  to: Date;
  territorialScope?: readonly string[];
  /** The policy's human text for a reason code (tenant-specific), for the explanation. */
  reasonText?: (tenantId: string, reasonCode: string) => string | null;
  reasonCodes?: Readonly<Record<string, GroundMapping>>;
}

interface Restriction {
  action: 'hide' | 'remove' | 'restrict_author';
  reasonCode: string;
  drivers: string[];
  automation: DsaStatement['automated_decision'];
  how: string;
}

function restrictionOf(entry: LogEntry, drivers: string[]): Restriction | null {
  const e = entry.event;
  if (e.type === 'AutoHidden') return { action: 'hide', reasonCode: e.data.reasonCode, drivers: e.data.drivers, automation: 'AUTOMATED_DECISION_FULLY', how: 'Automated classification hid the post' };
  if (e.type === 'DecisionSuperseded' && e.data.next.action === 'hide' && e.data.previous !== 'hide') {
    return { action: 'hide', reasonCode: e.data.next.reasonCode, drivers: e.data.next.drivers, automation: 'AUTOMATED_DECISION_FULLY', how: `Automated re-scoring under policy ${e.data.policyVersion} hid the post` };
  }
  if (e.type === 'ReviewDecided' && (e.data.action === 'remove' || e.data.action === 'restrict_author')) {
    const how = e.data.action === 'remove' ? 'A human reviewer removed the post' : "A human reviewer removed the post and restricted the author's posting";
    return { action: e.data.action, reasonCode: e.data.reasonCode, drivers, automation: 'AUTOMATED_DECISION_NOT_AUTOMATED', how: `${how}, after automated classification flagged it for review` };
  }
  return null;
}

function categoryOf(r: Restriction, mapping: Readonly<Record<string, GroundMapping>>): GroundMapping {
  const byCode = mapping[r.reasonCode];
  if (byCode) return byCode;
  for (const d of r.drivers) {
    const c = CATEGORY_MAPPING[d];
    if (c) return { category: c };
  }
  return { category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function statement(entry: LogEntry, r: Restriction, facts: PostFacts | null, opts: DsaOptions): DsaStatement {
  const ground = categoryOf(r, opts.reasonCodes ?? REASON_CODE_MAPPING);
  const reasonText = opts.reasonText?.(entry.tenantId, r.reasonCode) ?? null;
  const policy = entry.policyVersion ?? 'unknown';
  const drivers = r.drivers.length > 0 ? ` Signals: ${r.drivers.join(', ')}.` : '';
  const explanation = `Rule ${r.reasonCode}${reasonText ? ` (${reasonText})` : ''} of the community policy, version ${policy}.`;
  const groundFields = ground.legalGround
    ? { decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' as const, illegal_content_legal_ground: ground.legalGround, illegal_content_explanation: explanation }
    : {
        decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' as const,
        incompatible_content_ground: `Community policy ${policy}, rule ${r.reasonCode}`,
        incompatible_content_explanation: explanation,
        // Vigil applies the community's terms; it makes no finding that content is illegal.
        incompatible_content_illegal: 'No' as const,
      };
  const language = facts?.language && /^[a-z]{2}$/i.test(facts.language) ? { content_language: facts.language.toUpperCase() } : {};
  return {
    decision_visibility: [r.action === 'hide' ? 'DECISION_VISIBILITY_CONTENT_DISABLED' : 'DECISION_VISIBILITY_CONTENT_REMOVED'],
    ...(r.action === 'restrict_author' ? { decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION' as const } : {}),
    ...groundFields,
    category: ground.category,
    content_type: ['CONTENT_TYPE_TEXT'],
    ...language,
    content_date: day(facts?.createdAt ?? entry.occurredAt.getTime()),
    application_date: day(entry.occurredAt.getTime()),
    territorial_scope: [...(opts.territorialScope ?? EEA_COUNTRIES)],
    decision_facts: `${r.how} under rule ${r.reasonCode} of policy ${policy}.${drivers}`,
    source_type: 'SOURCE_VOLUNTARY',
    // Every post passes the classifier; a case with no classification on record was not detected by it.
    automated_detection: facts ? 'Yes' : 'No',
    automated_decision: r.automation,
    puid: entry.eventId,
  };
}

/**
 * Statements for one case, given its log history in order. Only decisions inside [from, to) become
 * statements; earlier events supply the facts (classification, routing drivers).
 */
export function dsaStatementsForCase(history: readonly LogEntry[], opts: DsaOptions): DsaStatement[] {
  let facts: PostFacts | null = null;
  let drivers: string[] = [];
  const out: DsaStatement[] = [];
  for (const entry of history) {
    const e = entry.event;
    if (e.type === 'PostClassified') facts = e.data;
    if (e.type === 'QueuedForReview' || e.type === 'Escalated' || e.type === 'ProvisionallyPublished' || e.type === 'AutoHidden') drivers = e.data.drivers;
    const r = restrictionOf(entry, drivers);
    const t = entry.occurredAt.getTime();
    if (r && t >= opts.from.getTime() && t < opts.to.getTime()) out.push(statement(entry, r, facts, opts));
  }
  return out;
}

/** Which log events can become a statement, to find the cases worth loading. */
export function mayRestrict(entry: LogEntry): boolean {
  return restrictionOf(entry, []) !== null;
}
