import { ACTIONS, can, PERMISSIONS, ROLES, type ApiAction, type Role } from './permissions';

const ALLOWED: Record<Role, readonly ApiAction[]> = {
  trust_safety: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide'],
  legal: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide'],
  support_expert: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide'],
  community_manager: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide'],
  product_owner: ['queues.list', 'case.read'],
  lead: ['queues.list', 'case.claim', 'case.read', 'case.release', 'case.extend', 'case.decide', 'case.reveal', 'appeal.decide', 'case.reassign', 'sla.check'],
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
  });
  it('every role has an entry', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
