// The phases of one batch (decide, each classifier, each database transaction, produce, commit), timed
// once per batch and then drawn as child spans of every record's span, so a record's trace shows where
// its batch spent the time. With tracing off the record spans do not record and nothing is drawn.
import { ROOT_CONTEXT, trace, type Attributes, type Span } from '@opentelemetry/api';
import { tracer } from '../telemetry';
import type { PhaseTimer } from './phase-timer';

export type { PhaseTimer } from './phase-timer';

interface Phase {
  name: string;
  start: number;
  end: number;
  attributes?: Attributes;
}

const nowMs = () => performance.timeOrigin + performance.now();

export class BatchPhases implements PhaseTimer {
  readonly phases: Phase[] = [];

  async time<R>(name: string, fn: () => Promise<R> | R, attributes?: Attributes): Promise<R> {
    const start = nowMs();
    try {
      return await fn();
    } finally {
      this.phases.push({ name, start, end: nowMs(), ...(attributes ? { attributes } : {}) });
    }
  }

  /** One child span per phase under each recording record span. */
  drawUnder(spans: readonly Span[]): void {
    for (const parent of spans) {
      if (!parent.isRecording()) continue;
      const ctx = trace.setSpan(ROOT_CONTEXT, parent);
      for (const p of this.phases) tracer().startSpan(p.name, { startTime: p.start, ...(p.attributes ? { attributes: p.attributes } : {}) }, ctx).end(p.end);
    }
  }
}
