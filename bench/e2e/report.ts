// The end-to-end suite's printed tables and its figures for the `make bench` summary. Pure formatting.
import type { Figure } from '../decision-log';
import type { FlameSummary } from './flame';
import type { LoadResult, SystemResult } from './measure';
import type { LatencySummary } from './stats';

const ms = (v: number) => v.toFixed(1);
const p99 = (s: LatencySummary | null) => (s && s.count > 0 ? `${ms(s.p99)} (${s.count})` : '-');

export function throughputRatio(baseline: SystemResult | null, pipeline: SystemResult | null): number | null {
  return baseline && pipeline && baseline.maxThroughput > 0 ? pipeline.maxThroughput / baseline.maxThroughput : null;
}

function latencyRows(system: SystemResult): string[] {
  return system.loads.map((r: LoadResult) =>
    `| ${system.name} | ${r.label} | ${r.sent} | ${r.arrived} | ${Math.round(r.achieved)} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${p99(r.auto)} | ${p99(r.human)} |`,
  );
}

function processRows(system: SystemResult): string[] {
  const cpuTotal = system.processes.reduce((a, p) => a + p.cpuSeconds, 0);
  const batchTotal = system.processes.reduce((a, p) => a + (p.batchSeconds ?? 0), 0);
  const share = (v: number, total: number) => (total > 0 ? `${((100 * v) / total).toFixed(0)}%` : '-');
  return system.processes.map((p) =>
    `| ${system.name} | ${p.label} | ${p.cpuSeconds.toFixed(1)} | ${system.postsMeasured > 0 ? ((1000 * p.cpuSeconds) / system.postsMeasured).toFixed(2) : '-'} | ${share(p.cpuSeconds, cpuTotal)} | ${p.batchSeconds === null ? '-' : p.batchSeconds.toFixed(1)} | ${p.batchSeconds === null ? '-' : share(p.batchSeconds, batchTotal)} | ${p.peakRssMiB.toFixed(0)} |`,
  );
}

export function printReport(systems: SystemResult[], profiles: Record<string, FlameSummary>, log: (line: string) => void): void {
  const baseline = systems.find((s) => s.name === 'baseline') ?? null;
  const pipeline = systems.find((s) => s.name === 'pipeline') ?? null;
  const ratio = throughputRatio(baseline, pipeline);
  log('\nmaximum sustained throughput (posts/s arriving at decisions):');
  for (const s of systems) log(`  ${s.name.padEnd(9)} ${Math.round(s.maxThroughput)}`);
  if (ratio !== null) log(`  pipeline / baseline = ${(100 * ratio).toFixed(1)}% (goal: at least 50%)`);
  log('\nend-to-end latency, produce on community.posts to arrival on decisions (ms; auto = allow/hide, human = the rest; count in brackets):');
  log('| system | load | sent | arrived | achieved/s | p50 | p95 | p99 | max | auto p99 | human p99 |\n|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of systems) for (const row of latencyRows(s)) log(row);
  log('\nper process, over the measured runs (CPU from /proc, and per post sent; batch = vigil_batch_duration_seconds sum; peak RSS = VmHWM):');
  log('| system | process | CPU s | CPU ms/post | CPU share | batch s | batch share | peak RSS MiB |\n|---|---|---|---|---|---|---|---|');
  for (const s of systems) for (const row of processRows(s)) log(row);
  for (const s of systems) for (const crash of s.crashes) log(`\nWARNING ${s.name}: ${crash}; later figures measure a stalled system`);
  for (const [stage, summary] of Object.entries(profiles)) {
    log(`\nflame summary, ${stage}: top self time (${(summary.sampledMs - summary.idleMs).toFixed(0)} ms busy of ${summary.sampledMs.toFixed(0)} ms sampled)`);
    for (const f of summary.top) log(`  ${(100 * f.share).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}`);
  }
}

export function figures(systems: SystemResult[]): Figure[] {
  const out: Figure[] = [];
  for (const s of systems) {
    out.push({ name: `${s.name} max sustained throughput`, value: s.maxThroughput, unit: 'posts/s', detail: 'arrival rate at decisions, 10th-90th percentile of arrivals' });
    for (const r of s.loads.filter((l) => l.offered !== null)) {
      const auto = r.auto && r.auto.count > 0 ? `; auto-decisions p99 ${ms(r.auto.p99)} ms` : '';
      out.push({ name: `${s.name} p99 latency at ${r.label}`, value: r.latency.p99, unit: 'ms', detail: `p50 ${ms(r.latency.p50)}, max ${ms(r.latency.max)}; ${r.arrived}/${r.sent} arrived${auto}` });
    }
  }
  const ratio = throughputRatio(systems.find((s) => s.name === 'baseline') ?? null, systems.find((s) => s.name === 'pipeline') ?? null);
  if (ratio !== null) out.push({ name: 'pipeline / baseline throughput', value: 100 * ratio, unit: '%', detail: 'goal: at least 50%' });
  return out;
}
