// Which review-workflow events the review metrics count. Pure: the command that ran, the queue the case
// was in, and the events it appended, in; the counter increments out (labelled by queue only).
import type { DecisionEvent } from '../core/log/events';
import type { WorkflowCommand } from './workflow';

export type ReviewCounter = 'claims' | 'expiredLeases' | 'slaBreaches';

export interface CounterIncrement {
  counter: ReviewCounter;
  queue: string;
}

/** Queue label for a case outside any queue; keeps the label set small and never empty. */
export const NO_QUEUE = 'none';

export function reviewCounterIncrements(command: WorkflowCommand['type'], queue: string | null, events: readonly DecisionEvent[]): CounterIncrement[] {
  const q = queue ?? NO_QUEUE;
  const out: CounterIncrement[] = [];
  const isClaim = command === 'Claim' || command === 'ClaimNext';
  for (const e of events) {
    // ExtendLease and Reassign also append ReviewClaimed; only a reviewer taking a case counts as a claim.
    if (e.type === 'ReviewClaimed' && isClaim) out.push({ counter: 'claims', queue: q });
    else if (e.type === 'ReviewReleased' && e.data.why === 'expired') out.push({ counter: 'expiredLeases', queue: q });
    // The breach names the queue it happened in; the case may move to the escalation queue with it.
    else if (e.type === 'SlaBreached') out.push({ counter: 'slaBreaches', queue: e.data.queue });
  }
  return out;
}
