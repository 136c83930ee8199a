// What happens after a failed attempt: try again after a jittered exponential delay, or give up once the
// destination's attempt budget is spent (a missing webhook or payload cannot get better by waiting).
import { retryDelayMs } from './decision-record';

export interface RetryPlan {
  giveUp: boolean;
  nextAttemptAt: Date;
}

export function retryPlan(attempts: number, maxAttempts: number | null, now: Date, random: number): RetryPlan {
  return {
    giveUp: maxAttempts === null || attempts >= maxAttempts,
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random)),
  };
}
