import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parsePolicy, PolicyError } from './policy';

const text = readFileSync(join(__dirname, '..', '..', 'policies', 'default.yaml'), 'utf8');
interface RawSections {
  answer_routing: { topic_queues: Record<string, string>; default_queue: string; unanswered_after_minutes: number };
  quality: { sample_rate: number; queue: string };
}
const withChange = (change: (p: Partial<RawSections>) => void): string => {
  const raw = parse(text) as Partial<RawSections>;
  change(raw);
  return stringify(raw);
};
const errorOf = (yaml: string): string => {
  try {
    parsePolicy(yaml, 'test.yaml');
  } catch (err) {
    if (err instanceof PolicyError) return err.message;
    throw err;
  }
  throw new Error('expected the policy to be rejected');
};

describe('policy: answer_routing and quality sections', () => {
  it('the default policy routes questions to expert queues and samples for quality', () => {
    const p = parsePolicy(text, 'default.yaml');
    expect(p.answer_routing).toMatchObject({ unanswered_after_minutes: 60, default_queue: 'experts_general' });
    expect(p.queues[p.answer_routing!.default_queue]?.skill).toBe('support_expert');
    expect(p.quality).toEqual({ sample_rate: 0.05, queue: 'quality' });
  });

  it('names the field of an unknown topic queue', () => {
    expect(errorOf(withChange((p) => (p.answer_routing!.topic_queues.cards = 'nowhere')))).toContain('answer_routing.topic_queues.cards: unknown queue "nowhere"');
  });

  it('refuses a non-expert queue for questions, naming the skill', () => {
    expect(errorOf(withChange((p) => (p.answer_routing!.default_queue = 'trust_safety')))).toContain('answer_routing.default_queue: queue "trust_safety" has skill trust_safety');
  });

  it('names the limits of unanswered_after_minutes and sample_rate', () => {
    expect(errorOf(withChange((p) => (p.answer_routing!.unanswered_after_minutes = 0)))).toContain('answer_routing.unanswered_after_minutes');
    expect(errorOf(withChange((p) => (p.quality!.sample_rate = 1.5)))).toContain('quality.sample_rate');
    expect(errorOf(withChange((p) => (p.quality!.queue = 'qa')))).toContain('quality.queue: unknown queue "qa"');
  });

  it('both sections are optional', () => {
    const p = parsePolicy(withChange((raw) => { delete raw.answer_routing; delete raw.quality; }), 'bare.yaml');
    expect(p.answer_routing).toBeUndefined();
    expect(p.quality).toBeUndefined();
  });
});
