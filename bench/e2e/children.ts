// Child processes of the benchmark: spawned with `node --import tsx` (one process each, so the pid we
// sample is the process doing the work, not a tsx wrapper), logged to a file, and killed however the
// benchmark ends. Memory and CPU come from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on every Linux the project runs on

export interface Child {
  label: string;
  process: ChildProcess;
  pid: number;
  logFile: string;
}

const live = new Set<Child>();
process.on('exit', () => {
  for (const c of live) c.process.kill('SIGKILL');
});

export interface SpawnOptions {
  label: string;
  script: string;
  env: Record<string, string>;
  logFile: string;
  /** Extra node flags placed before `--import tsx`, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Working directory, which `script` is relative to: the project root unless another checkout is benchmarked. */
  cwd?: string;
}

export function spawnTs(opts: SpawnOptions): Child {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'w');
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--import', 'tsx', opts.script], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${opts.label}: could not spawn ${opts.script}`);
  const handle: Child = { label: opts.label, process: child, pid: child.pid, logFile: opts.logFile };
  live.add(handle);
  child.once('exit', () => live.delete(handle));
  return handle;
}

export function isAlive(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** SIGTERM (a graceful stop, which also lets --cpu-prof write its profile), SIGKILL after the grace period. */
export async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (!isAlive(child)) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface ProcStatus {
  rssBytes: number;
  peakRssBytes: number;
  cpuSeconds: number;
}

/** VmRSS, VmHWM (peak resident set) and user+system CPU time of a live process. */
export function readProcStatus(pid: number): ProcStatus | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM'), cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** A TCP port nobody listens on right now (the OS picks it), for a child's HTTP_PORT. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Waits for a child's first IPC message equal to `message`, failing early if the child dies. */
export function waitForMessage(child: Child, message: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.label} not ready after ${timeoutMs} ms; see ${child.logFile}`)), timeoutMs);
    child.process.on('message', (m) => {
      if (m === message) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${child.label} exited with ${code ?? 'a signal'} before it was ready; see ${child.logFile}`));
    });
  });
}
