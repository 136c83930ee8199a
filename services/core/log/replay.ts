// Replay: rebuild the case projection from an empty state by folding the whole log, then compare it
// with the live table. Equal means the projection is exactly what the log says.
import { isDeepStrictEqual } from 'node:util';
import type { Db, Tx } from '../db/database';
import type { CaseState } from './case-state';
import { caseFromRow, foldCases } from './projection';
import { readLog } from './store';

export interface ReplayResult {
  events: number;
  cases: number;
  seconds: number;
  mismatches: Array<{ caseId: string; live: CaseState | null; replayed: CaseState | null }>;
}

export async function replayCases(db: Db | Tx, onProgress: (events: number) => void = () => undefined): Promise<{ states: Map<string, CaseState>; events: number; seconds: number }> {
  const started = performance.now();
  const states = new Map<string, CaseState>();
  let events = 0;
  for await (const page of readLog(db, { pageSize: 10_000 })) {
    foldCases(states, page);
    events += page.length;
    onProgress(events);
  }
  return { states, events, seconds: (performance.now() - started) / 1000 };
}

export async function compareWithLive(db: Db | Tx, replayed: Map<string, CaseState>): Promise<ReplayResult['mismatches']> {
  const mismatches: ReplayResult['mismatches'] = [];
  const liveRows = await db.selectFrom('cases').selectAll().execute();
  const live = new Map(liveRows.map((r) => [r.case_id, caseFromRow(r)]));
  for (const [caseId, state] of replayed) {
    const l = live.get(caseId) ?? null;
    if (!l || !isDeepStrictEqual(l, state)) mismatches.push({ caseId, live: l, replayed: state });
  }
  for (const [caseId, l] of live) if (!replayed.has(caseId)) mismatches.push({ caseId, live: l, replayed: null });
  return mismatches;
}

/**
 * Replays and compares inside one repeatable-read snapshot, so a pipeline that keeps writing while
 * the replay runs cannot make the live table look newer than the log that was folded.
 */
export async function replayAgainstSnapshot(db: Db, onProgress: (events: number) => void = () => undefined): Promise<ReplayResult> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const { states, events, seconds } = await replayCases(tx, onProgress);
      return { events, cases: states.size, seconds, mismatches: await compareWithLive(tx, states) };
    });
}
