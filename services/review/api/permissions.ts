// Who may do what, defined once. Every route names its action and asks `can(role, action)` before it
// touches data; queue and tenant scoping are checked separately (see access.ts).

export const ROLES = ['trust_safety', 'support_expert', 'community_manager', 'product_owner', 'legal', 'lead', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.reassign',
  'case.decide', 'case.reveal', 'appeal.file', 'appeal.decide', 'sla.check',
] as const;
export type ApiAction = (typeof ACTIONS)[number];

const WORK_A_QUEUE: readonly ApiAction[] = ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide'];

export const PERMISSIONS: Readonly<Record<Role, readonly ApiAction[]>> = {
  // Trust & safety and legal handle personal data and second opinions, so they may reveal and judge appeals.
  trust_safety: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide'],
  legal: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide'],
  support_expert: WORK_A_QUEUE,
  community_manager: WORK_A_QUEUE,
  // Product owners watch the queues and read cases; they do not moderate.
  product_owner: ['queues.list', 'case.read'],
  lead: [...WORK_A_QUEUE, 'case.reveal', 'appeal.decide', 'case.reassign', 'sla.check'],
  // Members (through the community platform's per-tenant token) can only appeal.
  member: ['appeal.file'],
};

export function can(role: Role, action: ApiAction): boolean {
  return PERMISSIONS[role].includes(action);
}
