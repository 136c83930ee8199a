// A small open-addressing map from hash bucket to a number, remembering first-insertion order. The
// featuriser counts a post's few hundred grams in it instead of in arrays the size of the whole
// bucket space (2^18 entries, 0.5-2 MB each): those scatter every gram onto a different cache line,
// while this table stays in the first-level cache for ordinary posts and grows for long ones.
// Buckets are already well-mixed hashes (fmix32), so their low bits index the table directly.

const EMPTY = -1;
const INITIAL_CAPACITY = 1024;

export class BucketTable {
  /** Bucket at each slot, or EMPTY. */
  private keys: Int32Array;
  private vals: Float64Array;
  /** Slot of the k-th inserted bucket. */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.vals = new Float64Array(capacity);
    this.slots = new Int32Array(capacity >> 1);
    this.mask = capacity - 1;
  }

  /** Slot of `bucket`, inserting it with value 0 when absent. */
  private slotFor(bucket: number): number {
    let i = bucket & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === bucket) return i;
      if (k === EMPTY) {
        if (this.size === this.slots.length) {
          this.grow();
          return this.slotFor(bucket);
        }
        this.keys[i] = bucket;
        this.vals[i] = 0;
        this.slots[this.size++] = i;
        return i;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Adds one to `bucket`'s count, saturating at `cap`. */
  increment(bucket: number, cap: number): void {
    const i = this.slotFor(bucket);
    const v = this.vals[i]!;
    if (v < cap) this.vals[i] = v + 1;
  }

  /** Adds `amount` to `bucket`'s value. */
  add(bucket: number, amount: number): void {
    const i = this.slotFor(bucket);
    this.vals[i]! += amount;
  }

  /** `bucket`'s value, 0 when absent (without inserting it). */
  get(bucket: number): number {
    let i = bucket & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === bucket) return this.vals[i]!;
      if (k === EMPTY) return 0;
      i = (i + 1) & this.mask;
    }
  }

  /** The k-th inserted bucket and its value. */
  bucketAt(k: number): number {
    return this.keys[this.slots[k]!]!;
  }
  valueAt(k: number): number {
    return this.vals[this.slots[k]!]!;
  }

  clear(): void {
    for (let k = 0; k < this.size; k++) this.keys[this.slots[k]!] = EMPTY;
    this.size = 0;
  }

  /** Doubles the capacity, re-inserting in the original order (so insertion order is kept). */
  private grow(): void {
    const buckets = Int32Array.from({ length: this.size }, (_, k) => this.bucketAt(k));
    const values = Float64Array.from({ length: this.size }, (_, k) => this.valueAt(k));
    const capacity = this.keys.length * 2;
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.vals = new Float64Array(capacity);
    this.slots = new Int32Array(capacity >> 1);
    this.mask = capacity - 1;
    this.size = 0;
    buckets.forEach((b, k) => (this.vals[this.slotFor(b)] = values[k]!));
  }
}
