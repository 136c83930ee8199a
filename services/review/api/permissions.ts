// Who may do what, defined once. Every route names its action and asks `can(role, action)` before it
// touches data; queue and tenant scoping are checked separately (see access.ts).

export const ROLES = ['trust_safety', 'support_expert', 'community_manager', 'product_owner', 'legal', 'lead', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.reassign',
  'case.decide', 'case.reveal', 'appeal.file', 'appeal.decide', 'sla.check',
  // Reviewer wellbeing and the lead's queue dashboard (services/review/api/wellbeing-routes.ts).
  'queues.dashboard', 'exposure.read', 'exposure.limit',
  // Answer routing and quality review (answer-routes.ts, quality-routes.ts).
  'question.suggest', 'question.answer', 'question.approve', 'question.reassign', 'questions.sweep',
  'quality.sample', 'quality.decide', 'quality.read',
] as const;
export type ApiAction = (typeof ACTIONS)[number];

const WORK_A_QUEUE: readonly ApiAction[] = ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'exposure.read'];

/** Experts answer routed questions; community managers may answer too. */
const ANSWER_QUESTIONS: readonly ApiAction[] = ['question.suggest', 'question.answer', 'question.approve', 'question.reassign'];

export const PERMISSIONS: Readonly<Record<Role, readonly ApiAction[]>> = {
  // Trust & safety and legal handle personal data and second opinions, so they may reveal and judge appeals.
  trust_safety: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide', 'quality.decide'],
  legal: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide', 'quality.decide'],
  support_expert: [...WORK_A_QUEUE, ...ANSWER_QUESTIONS],
  community_manager: [...WORK_A_QUEUE, ...ANSWER_QUESTIONS],
  // Product owners watch the queues and read cases; they do not moderate.
  product_owner: ['queues.list', 'case.read', 'queues.dashboard', 'exposure.read'],
  // Leads also watch every queue's depth and breaches, and set reviewers' daily exposure limits.
  lead: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide', 'case.reassign', 'sla.check', 'queues.dashboard', 'exposure.limit',
    ...ANSWER_QUESTIONS, 'questions.sweep', 'quality.sample', 'quality.decide', 'quality.read'],
  // Members (through the community platform's per-tenant token) can only appeal.
  member: ['appeal.file'],
};

export function can(role: Role, action: ApiAction): boolean {
  return PERMISSIONS[role].includes(action);
}
