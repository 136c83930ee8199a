// Small helpers shared by the analyst commands: argument parsing with clear errors, progress, reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'kysely';
import type { Db } from '../core/db/database';

export function parseTime(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`"${value}" is not a date or time (use ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00Z)`);
  return d;
}

/** Refuses a window that ends before it starts, naming both options. */
export function requireWindow(from: Date, to: Date, fromFlag = '--from', toFlag = '--to'): void {
  if (to.getTime() <= from.getTime()) throw new Error(`${toFlag} (${to.toISOString()}) must be after ${fromFlag} (${from.toISOString()})`);
}

export function progressBar(label: string, total: number, unit = 'events'): SingleBar {
  const bar = new SingleBar({ format: `${label} {bar} {value}/{total} ${unit}` }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

export async function countLog(db: Db, opts: { from?: Date; to?: Date; tenantId?: string } = {}): Promise<number> {
  let q = db.selectFrom('decision_log').select(sql<number>`count(*)::int`.as('n'));
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  if (opts.from) q = q.where('occurred_at', '>=', opts.from);
  if (opts.to) q = q.where('occurred_at', '<', opts.to);
  return (await q.executeTakeFirst())?.n ?? 0;
}

export function writeReport(dir: string, name: string, markdown: string, json: unknown, extra: Record<string, string> = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, `${name}.md`), join(dir, `${name}.json`)];
  writeFileSync(files[0]!, markdown);
  writeFileSync(files[1]!, `${JSON.stringify(json, null, 2)}\n`);
  for (const [file, content] of Object.entries(extra)) {
    writeFileSync(join(dir, file), content);
    files.push(join(dir, file));
  }
  return files;
}

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}
