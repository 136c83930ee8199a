// route's pure decider: decide(RoutePost, case state) -> events. The clock comes in the command.
import type { CaseState } from '../core/log/case-state';
import type { DecisionEvent, PostFacts, RoutingOutcome } from '../core/log/events';
import { evaluatePolicy } from './evaluate';
import type { Policy } from './policy';

export interface RoutePost {
  type: 'RoutePost';
  facts: PostFacts;
  policy: Policy;
  /** Epoch ms at which the decision is made; SLA deadlines count from here. */
  now: number;
}

export type RouteCommand = RoutePost;

function outcomeEvent(o: RoutingOutcome): DecisionEvent {
  switch (o.action) {
    case 'allow':
      return { type: 'AutoAllowed', data: o };
    case 'hide':
      return { type: 'AutoHidden', data: o };
    case 'provisional':
      return { type: 'ProvisionallyPublished', data: o };
    case 'review':
      return { type: 'QueuedForReview', data: o };
    case 'escalate':
      return { type: 'Escalated', data: o };
    default: {
      const unreachable: never = o.action;
      return unreachable;
    }
  }
}

/** A case is routed once. A later delivery of the same post (or a replayed one) decides nothing. */
export function decide(command: RouteCommand, state: CaseState | null): DecisionEvent[] {
  switch (command.type) {
    case 'RoutePost': {
      if (state !== null && state.lastAction !== null) return [];
      return [{ type: 'PostClassified', data: command.facts }, outcomeEvent(evaluatePolicy(command.facts, command.policy, command.now))];
    }
    default: {
      const unreachable: never = command.type;
      return unreachable;
    }
  }
}
