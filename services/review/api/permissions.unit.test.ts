import { ACTIONS, can, PERMISSIONS, ROLES, type ApiAction, type Role } from './permissions';

const ALLOWED: Record<Role, readonly ApiAction[]> = {
  trust_safety: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide', 'exposure.read', 'quality.decide'],
  legal: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide', 'exposure.read', 'quality.decide'],
  support_expert: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'exposure.read', 'question.suggest', 'question.answer', 'question.approve', 'question.reassign'],
  community_manager: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'exposure.read', 'question.suggest', 'question.answer', 'question.approve', 'question.reassign'],
  product_owner: ['queues.list', 'case.read', 'queues.dashboard', 'exposure.read'],
  lead: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide', 'case.reassign', 'sla.check', 'queues.dashboard', 'exposure.read', 'exposure.limit',
    'question.suggest', 'question.answer', 'question.approve', 'question.reassign', 'questions.sweep', 'quality.sample', 'quality.decide', 'quality.read'],
  member: ['appeal.file'],
};

describe('review API permission matrix', () => {
  const cells = ROLES.flatMap((role) => ACTIONS.map((action) => [role, action, ALLOWED[role].includes(action)] as const));
  it.each(cells)('%s may %s: %s', (role, action, allowed) => {
    expect(can(role, action)).toBe(allowed);
  });
  it('only trust_safety, legal and lead may reveal personal data', () => {
    expect(ROLES.filter((r) => can(r, 'case.reveal'))).toEqual(['trust_safety', 'legal', 'lead']);
  });
  it('only a lead may reassign or sweep SLAs, and only members file appeals', () => {
    expect(ROLES.filter((r) => can(r, 'case.reassign'))).toEqual(['lead']);
    expect(ROLES.filter((r) => can(r, 'sla.check'))).toEqual(['lead']);
    expect(ROLES.filter((r) => can(r, 'appeal.file'))).toEqual(['member']);
    expect(ROLES.filter((r) => can(r, 'exposure.limit'))).toEqual(['lead']);
    expect(ROLES.filter((r) => can(r, 'quality.read'))).toEqual(['lead']);
    expect(ROLES.filter((r) => can(r, 'questions.sweep'))).toEqual(['lead']);
  });
  it('every role has an entry', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
