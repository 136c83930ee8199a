// A derived string (normalised, cleaned, collapsed) that remembers where each of its UTF-16 units came
// from in the original text. Rules match on the derived form but must report spans in original offsets,
// because reviewers and the redaction UI highlight the text the member actually wrote.

import type { Span } from '../types';

export interface MappedText {
  readonly text: string;
  /** `toOriginal[i]`: original offset where derived unit `i` starts. */
  readonly toOriginal: readonly number[];
  /** `toOriginalEnd[i]`: original offset (exclusive) where derived unit `i` ends. */
  readonly toOriginalEnd: readonly number[];
}

/** Accumulates derived units one at a time, each tagged with the original range it came from. */
export class MappedTextBuilder {
  constructor(
    readonly units: string[] = [],
    readonly starts: number[] = [],
    readonly ends: number[] = [],
  ) {}

  /** A builder over `text` where unit i came from original offset i (the common, all-ASCII case). */
  static oneToOne(text: string): MappedTextBuilder {
    return new MappedTextBuilder(text.split(''), offsets(0, text.length), offsets(1, text.length + 1));
  }

  push(unit: string, start: number, end: number): void {
    this.units.push(unit);
    this.starts.push(start);
    this.ends.push(end);
  }

  build(): MappedText {
    return { text: this.units.join(''), toOriginal: this.starts, toOriginalEnd: this.ends };
  }
}

// Offsets 0, 1, 2, ... grown on demand; slicing a shared run is much cheaper than a loop per post.
let offsetRun: number[] = [];

function offsets(from: number, to: number): number[] {
  if (offsetRun.length < to) offsetRun = Array.from({ length: Math.max(to, offsetRun.length * 2, 1024) }, (_, i) => i);
  return offsetRun.slice(from, to);
}

/** A string mapped onto itself, for callers that only have already-derived text. */
export function identityMapped(text: string): MappedText {
  return { text, toOriginal: offsets(0, text.length), toOriginalEnd: offsets(1, text.length + 1) };
}

/**
 * Drops the units flagged in `remove`. A dropped unit widens the kept unit before it, so a span over
 * "fuuck" (squeezed from "fuuuuck") still covers every original letter.
 */
export function removeUnits(mapped: MappedText, remove: readonly boolean[]): MappedText {
  if (!remove.includes(true)) return mapped;
  const builder = new MappedTextBuilder();
  for (let i = 0; i < mapped.text.length; i++) {
    const start = mapped.toOriginal[i] ?? 0;
    const end = mapped.toOriginalEnd[i] ?? start;
    if (!remove[i]) {
      builder.push(mapped.text.charAt(i), start, end);
      continue;
    }
    const last = builder.ends.length - 1;
    if (last >= 0) builder.ends[last] = Math.max(builder.ends[last] ?? end, end);
  }
  return builder.build();
}

/** Maps a derived range [start, end) back to the original text. */
export function mapSpan(original: string, mapped: MappedText, start: number, end: number): Span {
  const from = mapped.toOriginal[start] ?? original.length;
  if (end <= start) return { start: from, end: from, text: '' };
  const to = mapped.toOriginalEnd[end - 1] ?? original.length;
  return { start: from, end: to, text: original.slice(from, to) };
}
