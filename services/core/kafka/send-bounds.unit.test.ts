import { boundedChunks, lostGroupMembership } from './stage-runner';

const msg = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });

describe('boundedChunks', () => {
  test('keeps every message, in order, and no request over the limit unless one message alone is larger', () => {
    const outgoing: Array<[string, Array<{ key: string; value: Buffer }>]> = [
      ['a', [msg(400), msg(400), msg(400)]],
      ['b', [msg(2_000), msg(10)]],
    ];
    const chunks = boundedChunks(outgoing, 1_000);
    const flat = chunks.flatMap((c) => c.flatMap((t) => t.messages.map((m) => `${t.topic}:${(m.value as Buffer).length}`)));
    expect(flat).toEqual(['a:400', 'a:400', 'a:400', 'b:2000', 'b:10']);
    const size = (c: (typeof chunks)[number]) => c.reduce((n, t) => n + t.messages.reduce((k, m) => k + (m.value as Buffer).length, 0), 0);
    for (const c of chunks) expect(size(c) <= 1_000 || c.flatMap((t) => t.messages).length === 1).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });

  test('one request when everything fits', () => {
    expect(boundedChunks([['a', [msg(10)]], ['b', [msg(10)]]], 1_000)).toHaveLength(1);
  });
});

describe('lostGroupMembership', () => {
  test('recognises fencing errors on the error or its cause', () => {
    expect(lostGroupMembership({ type: 'UNKNOWN_MEMBER_ID' })).toBe(true);
    expect(lostGroupMembership({ name: 'KafkaJSNumberOfRetriesExceeded', cause: { type: 'REBALANCE_IN_PROGRESS' } })).toBe(true);
    expect(lostGroupMembership(Object.assign(new Error('x'), { cause: { type: 'ILLEGAL_GENERATION' } }))).toBe(true);
  });
  test('anything else is not', () => {
    expect(lostGroupMembership({ type: 'MESSAGE_TOO_LARGE' })).toBe(false);
    expect(lostGroupMembership(new Error('boom'))).toBe(false);
    expect(lostGroupMembership(null)).toBe(false);
  });
});
