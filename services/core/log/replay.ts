// Replay: rebuild the case projection from an empty state by folding the whole log, then compare it
// with the live table. Equal means the projection is exactly what the log says.
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../db/database';
import type { CaseState } from './case-state';
import { caseFromRow, foldCases } from './projection';
import { readLog } from './store';

export interface ReplayResult {
  events: number;
  cases: number;
  seconds: number;
  mismatches: Array<{ caseId: string; live: CaseState | null; replayed: CaseState | null }>;
}

export async function replayCases(db: Db, onProgress: (events: number) => void = () => undefined): Promise<{ states: Map<string, CaseState>; events: number; seconds: number }> {
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

export async function compareWithLive(db: Db, replayed: Map<string, CaseState>): Promise<ReplayResult['mismatches']> {
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
