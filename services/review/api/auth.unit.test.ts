import { authenticate, hashToken, parseReviewers } from './auth';

const file = `
reviewers:
  - { id: r1, name: Ruth, role: trust_safety, tenants: [acme], queues: [trust_safety], token_sha256: ${hashToken('secret-1')} }
appeal_tokens:
  - { tenant: acme, token_sha256: ${hashToken('appeal-acme')} }
`;

describe('review API authentication', () => {
  const dir = parseReviewers(file, 'test.yaml');
  it('given a known bearer token, when authenticating, then the reviewer with role, tenants and queues', () => {
    expect(authenticate(dir, 'Bearer secret-1')).toEqual({ id: 'r1', name: 'Ruth', role: 'trust_safety', tenants: ['acme'], queues: ['trust_safety'] });
  });
  it('a per-tenant appeal token authenticates as a member of that tenant', () => {
    expect(authenticate(dir, 'Bearer appeal-acme')).toMatchObject({ role: 'member', tenants: ['acme'], queues: [] });
  });
  it('refuses a missing, malformed or unknown token', () => {
    expect(authenticate(dir, undefined)).toBeNull();
    expect(authenticate(dir, 'secret-1')).toBeNull();
    expect(authenticate(dir, 'Bearer secret-2')).toBeNull();
  });
  it('rejects a file with a plaintext token or an unknown role, naming the field', () => {
    expect(() => parseReviewers('reviewers: [{ id: x, name: X, role: trust_safety, tenants: [a], queues: [], token_sha256: hunter2 }]', 'bad.yaml')).toThrow(/reviewers\.0\.token_sha256/);
    expect(() => parseReviewers(file.replace('trust_safety, tenants', 'wizard, tenants'), 'bad.yaml')).toThrow(/reviewers\.0\.role/);
  });
  it('refuses duplicate reviewer ids', () => {
    const twice = file.replace('appeal_tokens:', `  - { id: r1, name: R, role: legal, tenants: [acme], queues: [], token_sha256: ${hashToken('x')} }\nappeal_tokens:`);
    expect(() => parseReviewers(twice, 'dup.yaml')).toThrow(/r1 appears twice/);
  });
});
