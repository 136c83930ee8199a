import { hashToken, parseReviewers } from '../api/auth';
import { demoCredentials, demoUiLines } from './demo-credentials';

const file = `
reviewers:
  - { id: rev-ann, name: Ann, role: lead, tenants: [acme], queues: [privacy], token_sha256: ${hashToken('vigil-demo-ann')} }
  - { id: rev-bo, name: Bo, role: trust_safety, tenants: [acme], queues: [privacy], token_sha256: ${hashToken('a-real-secret')} }
appeal_tokens:
  - { tenant: acme, token_sha256: ${hashToken('vigil-demo-appeals-acme')} }
`;

describe('demo credentials', () => {
  it('prints a token only when the demo naming reproduces the stored hash, ordered by role', () => {
    const creds = demoCredentials(parseReviewers(file, 'test.yaml'));
    expect(creds.map((c) => [c.role, c.token])).toEqual([['lead', 'vigil-demo-ann'], ['member', 'vigil-demo-appeals-acme']]);
    const lines = demoUiLines('http://127.0.0.1:8105/ui/', creds);
    expect(lines[0]).toContain('http://127.0.0.1:8105/ui/');
    expect(lines.join('\n')).not.toContain('a-real-secret');
  });
});
