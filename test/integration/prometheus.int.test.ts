// A real Prometheus (Debian's package, installed by infra/scripts/prometheus.sh, which `make test-int` runs)
// scrapes the six stages and finds every target up; it also loads the alert rules, and promtool accepts the
// shipped configuration. The stages run in this process on free ports with a private topic prefix and
// schema, so the test never touches the demo services on 8101-8106 nor a Prometheus already on :9090.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { listen } from '../../services/core/http/server';
import type { StageName } from '../../services/core/kafka/stage-runner';
import { ALL_STAGES, eventually, Harness } from '../support/harness';
import { upstreamPost } from '../support/posts';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const OBS_DIR = join(__dirname, '..', '..', 'infra', 'observability');
const ROUTING_DECISIONS = ['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated'];

interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  scrapeUrl: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

let h: Harness;
let workDir: string;
let prometheus: ChildProcess | null = null;
let prometheusOutput = '';
let base = '';
const ports = new Map<StageName, number>();

function requireBinaries(): void {
  for (const bin of [PROMETHEUS, PROMTOOL]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run infra/scripts/prometheus.sh (make test-int runs it) to install Debian's prometheus package`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const body = (await res.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data;
}

async function query(promql: string): Promise<Sample[]> {
  const data = await api<{ resultType: string; result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`);
  return data.result;
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  requireBinaries();
  h = await Harness.create('prometheus');
  for (const stage of ALL_STAGES) {
    const rt = await h.startStage(stage);
    const address = await listen(rt.http, 0, '127.0.0.1');
    ports.set(stage, Number(new URL(address).port));
  }
  workDir = mkdtempSync(join(tmpdir(), 'vigil-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
    // The shipped rules, by absolute path: Prometheus must load them as they are.
    rule_files: [join(OBS_DIR, 'alerts.yml')],
    scrape_configs: ALL_STAGES.map((stage) => ({ job_name: `vigil-${stage}`, static_configs: [{ targets: [`127.0.0.1:${ports.get(stage)}`] }] })),
  };
  writeFileSync(join(workDir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prometheus = spawn(PROMETHEUS, [`--config.file=${join(workDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(workDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => (prometheusOutput = `${prometheusOutput}${chunk.toString()}`.slice(-8_000));
  prometheus.stdout?.on('data', keep);
  prometheus.stderr?.on('data', keep);
  await eventually(
    async () => {
      if (prometheus?.exitCode !== null) throw new Error(`prometheus exited with ${prometheus?.exitCode}:\n${prometheusOutput}`);
      return (await fetch(`${base}/-/ready`)).ok ? true : undefined;
    },
    60_000,
    'prometheus to be ready',
  );
}, 240_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus?.once('exit', r));
    prometheus.kill('SIGTERM');
    const timer = setTimeout(() => prometheus?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await h?.stop();
}, 120_000);

test('promtool accepts the shipped scrape configuration and alert rules', () => {
  requireBinaries();
  const config = promtool('check', 'config', join(OBS_DIR, 'prometheus.yml'));
  expect({ status: config.status, output: config.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  const rules = promtool('check', 'rules', join(OBS_DIR, 'alerts.yml'));
  expect({ status: rules.status, output: rules.output }).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS: \d+ rules found/) as unknown });
});

test('Prometheus scrapes all six stages and every target is up', async () => {
  const targets = await eventually(
    async () => {
      const { activeTargets } = await api<{ activeTargets: Target[] }>('/api/v1/targets');
      return activeTargets.length === ALL_STAGES.length && activeTargets.every((t) => t.health === 'up') ? activeTargets : undefined;
    },
    60_000,
    'every target up',
  ).catch(async (err: unknown) => {
    const { activeTargets } = await api<{ activeTargets: Target[] }>('/api/v1/targets');
    throw new Error(`${err instanceof Error ? err.message : String(err)}; targets: ${JSON.stringify(activeTargets.map((t) => [t.labels.job, t.health, t.lastError]))}`);
  });
  expect(targets.map((t) => t.labels.job).sort()).toEqual(ALL_STAGES.map((s) => `vigil-${s}`).sort());
  expect(targets.map((t) => t.scrapeUrl).sort()).toEqual(ALL_STAGES.map((s) => `http://127.0.0.1:${ports.get(s)}/metrics`).sort());
  const up = await eventually(async () => {
    const r = await query('up');
    return r.length === ALL_STAGES.length ? r : undefined;
  }, 30_000, 'up for every job');
  expect(up.map((s) => s.value[1])).toEqual(ALL_STAGES.map(() => '1'));
  // The rule files loaded, so the alerts the runbooks refer to exist in this Prometheus.
  const { groups } = await api<{ groups: Array<{ rules: Array<{ name: string }> }> }>('/api/v1/rules');
  expect(groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual(expect.arrayContaining(['VigilStageDown', 'VigilReviewSlaBreached', 'VigilEndToEndLatencyHigh']));
  // Every series carries the stage label its own service sets, not a renamed exported_stage.
  const stages = await query('count by (job, stage) (vigil_records_consumed_total or vigil_route_auto_decision_ratio or vigil_process_process_cpu_seconds_total)');
  expect(stages.map((s) => [s.metric.job, s.metric.stage]).sort()).toEqual(ALL_STAGES.map((s) => [`vigil-${s}`, s]).sort());
});

test('the stage metrics reach Prometheus after posts flow: end-to-end latency, decisions, queues and model versions', async () => {
  const texts = ['How do I change the PIN on my new card?', 'You are an idiot and everyone here hates you.', 'My IBAN is DE89 3704 0044 0532 0130 00, please refund me.'];
  const posts = texts.map((t) => upstreamPost(t));
  await h.produce('community.posts', posts);
  await eventually(async () => {
    const delivered = await h.db.selectFrom('decision_log').select('case_id').where('event_type', '=', 'WritebackDelivered').execute();
    return delivered.length >= posts.length ? true : undefined;
  }, 90_000, 'the decisions delivered');
  const routed = await h.db.selectFrom('decision_log').select('case_id').where('event_type', 'in', ROUTING_DECISIONS).execute();
  expect(routed).toHaveLength(posts.length);

  const scalar = async (promql: string) => {
    const r = await query(promql);
    return r[0] ? Number(r[0].value[1]) : undefined;
  };
  expect(await eventually(async () => ((await scalar('sum(vigil_end_to_end_seconds_count{actor="system"})')) === posts.length ? true : undefined), 30_000, 'end-to-end observations')).toBe(true);
  expect(await eventually(async () => ((await scalar('sum(vigil_route_decisions_total)')) === posts.length ? true : undefined), 30_000, 'decisions counted')).toBe(true);
  const ratio = await eventually(() => scalar('vigil_route_auto_decision_ratio'), 30_000, 'the auto-decision ratio');
  const automatic = await h.db.selectFrom('decision_log').select('case_id').where('event_type', 'in', ['AutoAllowed', 'AutoHidden']).execute();
  expect(ratio).toBeCloseTo(automatic.length / posts.length, 6);

  // Queue depth in Prometheus equals the open cases per queue in the projection.
  const open = await h.db.selectFrom('cases').select(['queue']).where('queue', 'is not', null).where('status', 'in', ['in_review', 'escalated', 'appealed', 'awaiting_context']).execute();
  const expected = new Map<string, number>();
  for (const c of open) expected.set(c.queue ?? '', (expected.get(c.queue ?? '') ?? 0) + 1);
  // The personal-data post is hidden and queued in `privacy` by a hard rule.
  expect(expected.get('privacy')).toBeGreaterThan(0);
  for (const [queue, n] of expected) {
    await eventually(async () => ((await scalar(`max(vigil_review_queue_depth{queue="${queue}"})`)) === n ? true : undefined), 30_000, `queue depth of ${queue}`);
  }

  // A reviewer's claim through the review API is counted per queue (demo token from reviewers.yaml).
  const claim = await fetch(`http://127.0.0.1:${ports.get('review')}/v1/queues/privacy/claim-next`, { method: 'POST', headers: { authorization: 'Bearer vigil-demo-tess' } });
  expect(claim.status).toBe(200);
  await eventually(async () => ((await scalar('sum(vigil_review_claims_total{queue="privacy"})')) === 1 ? true : undefined), 30_000, 'the claim counted');

  const models = await eventually(async () => {
    const r = await query('vigil_classify_model_info{mode="live"}');
    return r.length > 0 ? r : undefined;
  }, 30_000, 'model info');
  expect(models.map((s) => s.metric.model)).toContain('rules');
  expect(models.every((s) => s.value[1] === '1' && s.metric.version !== '')).toBe(true);
});
