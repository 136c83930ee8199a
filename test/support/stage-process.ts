// A Vigil stage as its own OS process, configured for a Harness's private slice (topic prefix, consumer
// groups, database schema). Started as `node --import tsx services/<stage>/main.ts`, not through the `tsx`
// command: that one is a wrapper that runs the service in a child node process, so a SIGKILL to the wrapper
// would leave the service running. Here the pid is the service itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { VigilConfig } from '../../services/core/config';
import type { StageName } from '../../services/core/kafka/stage-runner';

const ROOT = join(__dirname, '..', '..');
const KEEP_OUTPUT_LINES = 200;

export class StageProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly stage: StageName,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') this.lines.push(line);
      if (this.lines.length > KEEP_OUTPUT_LINES) this.lines.splice(0, this.lines.length - KEEP_OUTPUT_LINES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `stage` against the harness config; `env` adds or overrides variables (e.g. HTTP_PORT). */
  static start(stage: StageName, config: VigilConfig, env: Record<string, string> = {}): StageProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join('services', stage, 'main.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        KAFKA_BROKERS: config.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: config.registryUrl,
        DATABASE_URL: config.databaseUrl,
        DATABASE_OWNER_URL: config.databaseOwnerUrl,
        DATABASE_SCHEMA: config.databaseSchema,
        VIGIL_TOPIC_PREFIX: config.topicPrefix,
        VIGIL_POLICIES_DIR: config.policiesDir,
        VIGIL_MODELS_DIR: config.modelsDir,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
        HTTP_PORT: '0',
        ...env,
      },
    });
    return new StageProcess(stage, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process wrote, for failure messages. */
  output(): string {
    return this.lines.join('\n');
  }

  /** The address the stage's HTTP server listens on, once it has logged it (runMain logs it when ready). */
  listeningAddress(): string | undefined {
    for (const line of this.lines) {
      const m = /running \(metrics, healthz, readyz on (http:\/\/[^)\s]+)\)/.exec(line);
      if (m?.[1]) return m[1];
    }
    return undefined;
  }

  /** Sends `signal` and waits for the process to exit (SIGKILL after `graceMs` if it does not). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
