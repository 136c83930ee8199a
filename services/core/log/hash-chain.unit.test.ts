import { entry } from '../../../test/support/fixtures';
import type { LogEntry } from './events';
import { GENESIS_HASH, canonicalJson, rowHash, verifyChain } from './hash-chain';

function chain(n: number): LogEntry[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, () => {
    const e = entry({ type: 'ReviewClaimed', data: { reviewerId: 'r1', leaseExpiresAt: 1 } });
    const row = { ...e, prevHash: prev, hash: rowHash(prev, e) };
    prev = row.hash;
    return row;
  });
}

describe('hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });

  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toMatchObject({ checked: 5, firstBreak: null });
  });

  it('names the first row whose content was changed', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, actor: { type: 'reviewer', id: 'mallory' } };
    expect(verifyChain(rows).firstBreak).toEqual({ seq: rows[2].seq, eventId: rows[2].eventId, problem: 'hash mismatch' });
  });

  it('names the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows).firstBreak).toMatchObject({ seq: rows[1]!.seq, problem: 'broken link' });
  });
});
