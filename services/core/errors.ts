// Errors are retriable (try again with backoff) or terminal (dead-letter the record, move on).
// Programming errors (TypeError, RangeError) are never retried: retrying cannot fix them.

/** A record that can never be processed: bad bytes, unknown schema, failed validation. */
export class RejectedRecord extends Error {
  constructor(
    readonly reason: string,
    readonly field?: string,
  ) {
    super(reason);
    this.name = 'RejectedRecord';
  }
}

export function isRetriable(err: unknown): boolean {
  if (err instanceof RejectedRecord) return false;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return false;
  return true;
}

export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
