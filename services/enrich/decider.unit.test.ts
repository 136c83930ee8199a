import { validatePost } from '../ingest/validate';
import { rawPost } from '../../test/support/fixtures';
import { buildContext } from './decider';
import { guessLanguage } from './language';

const NOW = Date.UTC(2026, 10, 22, 12, 1);
function post(overrides: Record<string, unknown> = {}) {
  const v = validatePost(rawPost(overrides), NOW);
  if (!v.ok) throw new Error(v.reason);
  return v.post;
}

describe('enrich buildContext', () => {
  it('given a post and what the database knows about its author, then the full context', () => {
    expect(buildContext(post({ text: 'Where is my card and why is it not here yet', topic_id: 'cards', author: { member_id: 'm1', account_age_days: 3, tier: 'Paid' }, audience_size: 5000 }), { priorStrikes: 2, postsLastHour: 7 }, 'v9')).toEqual({
      account_age_days: 3, tier: 'paid', prior_strikes: 2, posts_last_hour: 7, product_topic: 'cards', customer_account: 'acme',
      policy_version: 'v9', is_public: true, audience_size: 5000, language: 'en',
    });
  });

  it('assumes a small audience for private spaces and a free tier when upstream does not say', () => {
    const c = buildContext(post({ is_public: false, author: { member_id: 'm1', account_age_days: null, tier: null } }), { priorStrikes: 0, postsLastHour: 0 }, 'v1');
    expect(c).toMatchObject({ tier: 'free', audience_size: 10, is_public: false });
  });

  it('keeps the language upstream gave', () => {
    expect(buildContext(post({ language: 'de' }), { priorStrikes: 0, postsLastHour: 0 }, 'v1').language).toBe('de');
  });
});

describe('guessLanguage', () => {
  it.each([
    ['Where is my card and why is it not here yet', 'en'],
    ['Wo ist meine Karte und warum ist sie nicht da', 'de'],
    ['Je ne trouve pas ma carte dans mon compte', 'fr'],
    ['ok', 'und'],
  ])('%s -> %s', (text, lang) => {
    expect(guessLanguage(text)).toBe(lang);
  });
});
