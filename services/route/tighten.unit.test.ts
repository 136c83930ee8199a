import { join } from 'node:path';
import { facts } from '../../test/support/fixtures';
import { loadPolicyFile } from './policy';
import { nearestCategory, tightenPolicy } from './tighten';

const policy = loadPolicyFile(join(__dirname, '..', '..', 'policies', 'default.yaml'));

describe('automatic tightening after a false allow', () => {
  it('picks the category that came nearest its allow threshold', () => {
    expect(nearestCategory(facts({ scores: { toxicity: 0.5, spam: 0.2 } }), policy)).toBe('toxicity');
  });

  it('lowers that category\'s auto-allow threshold by the configured step in a new, tenant-specific version', () => {
    const t = tightenPolicy(policy, facts({ scores: { toxicity: 0.5 } }), 'globex', 'abc');
    expect(t).toMatchObject({ category: 'toxicity', from: 0.55, to: 0.5 });
    expect(t?.policy.tenant).toBe('globex');
    expect(t?.policy.version).toBe(`${policy.version}+tightened.abc`);
    expect(t?.policy.categories.toxicity?.auto_allow_below).toBe(0.5);
    expect(t?.policy.categories.spam).toEqual(policy.categories.spam);
  });

  it('never goes below the floor', () => {
    const strict = { ...policy, categories: { ...policy.categories, spam: { ...policy.categories.spam!, auto_allow_below: 0.05, provisional_below: 0.05 } } };
    expect(tightenPolicy(strict, facts({ scores: { spam: 0.04 } }), 'acme', 'x')).toBeNull();
  });
});
