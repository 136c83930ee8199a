// Progress output for long training steps: a live bar on a terminal, a few plain lines otherwise
// (so `make models` logs stay readable in CI or when piped).
import { SingleBar, Presets } from 'cli-progress';

export class Progress {
  private readonly bar: SingleBar | null;
  private nextPct = 25;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    this.bar = process.stderr.isTTY ? new SingleBar({ format: `  ${label.padEnd(28)} [{bar}] {percentage}% {value}/{total} {extra}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
    this.bar?.start(total, 0, { extra: '' });
  }

  update(value: number, extra = ''): void {
    if (this.bar) {
      this.bar.update(value, { extra });
      return;
    }
    const pct = this.total > 0 ? (100 * value) / this.total : 100;
    if (pct >= this.nextPct && pct < 100) {
      process.stderr.write(`  ${this.label}: ${Math.floor(pct)}% ${extra}\n`);
      while (this.nextPct <= pct) this.nextPct += 25;
    }
  }

  done(value: number, extra = ''): void {
    if (this.bar) {
      this.bar.update(value, { extra });
      this.bar.stop();
    } else process.stderr.write(`  ${this.label}: done ${extra}\n`);
  }
}

export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}
