// A flame summary from a V8 .cpuprofile (what `node --cpu-prof` writes): self time per function,
// aggregated over every call site of the same function, top N first. Pure: takes the parsed JSON.
import { z } from 'zod';

const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export type CpuProfile = z.infer<typeof CpuProfileSchema>;

export interface HotFunction {
  /** `name (file:line)`, the file shortened to the part after node_modules/ or the project root. */
  name: string;
  selfMs: number;
  /** Share of the sampled time that was not idle, 0..1. */
  share: number;
}

export interface FlameSummary {
  sampledMs: number;
  idleMs: number;
  top: HotFunction[];
}

export function parseCpuProfile(json: unknown): CpuProfile {
  const parsed = CpuProfileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`not a V8 cpuprofile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (parsed.data.samples.length !== parsed.data.timeDeltas.length) throw new Error(`not a V8 cpuprofile: ${parsed.data.samples.length} samples but ${parsed.data.timeDeltas.length} timeDeltas`);
  return parsed.data;
}

function shortFile(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  const services = file.search(/\/(services|bench|models)\//);
  return services >= 0 ? file.slice(services + 1) : file;
}

const MAX_NAME_CHARS = 100; // V8 names a regular expression's code after its whole source

function label(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const full = frame.functionName || '(anonymous)';
  const name = full.length > MAX_NAME_CHARS ? `${full.slice(0, MAX_NAME_CHARS)}…` : full;
  return frame.url ? `${name} (${shortFile(frame.url)}:${frame.lineNumber + 1})` : name;
}

/** A span of the profile to keep, in the profile's own clock: CLOCK_MONOTONIC microseconds, the clock of process.hrtime. */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/**
 * Sample i lasts until sample i+1 (timeDeltas[i+1] microseconds), the convention Chrome DevTools uses;
 * the last sample lasts until endTime. A window keeps only samples taken inside it (say, the measured
 * runs, without start-up and module loading).
 */
export function summariseProfile(profile: CpuProfile, topN = 15, window: ProfileWindow | null = null): FlameSummary {
  const labelById = new Map(profile.nodes.map((n) => [n.id, label(n.callFrame)]));
  const selfUs = new Map<string, number>();
  let at = profile.startTime;
  const times = profile.timeDeltas.map((d) => (at += d));
  for (const [i, id] of profile.samples.entries()) {
    const start = times[i] ?? profile.endTime;
    if (window && (start < window.fromUs || start > window.toUs)) continue;
    const duration = Math.max(0, (times[i + 1] ?? profile.endTime) - start);
    const name = labelById.get(id) ?? `(unknown node ${id})`;
    selfUs.set(name, (selfUs.get(name) ?? 0) + duration);
  }
  const idleUs = selfUs.get('(idle)') ?? 0;
  const sampledUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const busyUs = sampledUs - idleUs;
  const top = [...selfUs]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return { sampledMs: sampledUs / 1000, idleMs: idleUs / 1000, top };
}
