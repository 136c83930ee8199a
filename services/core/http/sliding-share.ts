// The share of the last N outcomes that were "yes", in O(1) per outcome: a ring buffer and a running count.
// Used for ratios a gauge reports (e.g. route's auto-decision ratio) where a lifetime average would hide a
// change for hours and a rate() over counters is not available inside the process.

export class SlidingShare {
  private readonly window: Uint8Array;
  private next = 0;
  private filled = 0;
  private yes = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1 || size > 1_000_000) throw new RangeError(`size: must be an integer from 1 to 1,000,000 (got ${size})`);
    this.window = new Uint8Array(size);
  }

  record(outcome: boolean): void {
    if (this.filled === this.size) this.yes -= this.window[this.next] ?? 0;
    else this.filled += 1;
    const bit = outcome ? 1 : 0;
    this.window[this.next] = bit;
    this.yes += bit;
    this.next = (this.next + 1) % this.size;
  }

  /** Outcomes currently in the window (at most `size`). */
  get count(): number {
    return this.filled;
  }

  /** Share of "yes" among the outcomes in the window; NaN before the first one (no data, not 0 %). */
  get value(): number {
    return this.filled === 0 ? Number.NaN : this.yes / this.filled;
  }
}
