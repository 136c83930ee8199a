// How a stage's work names and times its parts (a classifier, a database transaction) for the trace.
// Kept free of imports so pure code (the classifier, the CLI) can take a timer without loading tracing.
export interface PhaseTimer {
  time<R>(name: string, fn: () => Promise<R> | R, attributes?: Record<string, string | number | boolean>): Promise<R>;
}

/** For callers without a batch (the CLI, benchmarks, tests): runs the work untimed. */
export const UNTIMED: PhaseTimer = { time: async (_name, fn) => fn() };
