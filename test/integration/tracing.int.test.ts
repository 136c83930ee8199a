// One trace follows a post through all six stages, carried in Kafka headers as W3C traceparent.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { eventually, Harness } from '../support/harness';
import { upstreamPost } from '../support/posts';

const exporter = new InMemorySpanExporter();
let h: Harness;
// A webhook receiver, so the trace reaches the webhook call too; it keeps the traceparent it was sent.
const traceparents: string[] = [];
let receiver: Server;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  receiver = createServer((req, res) => {
    traceparents.push(String(req.headers.traceparent ?? ''));
    req.resume().on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tracing-'));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  writeFileSync(join(dir, 'webhooks.yaml'), `webhooks:\n  - { name: trace-test, tenant: acme, url: "${url}", events: ["decision.*"], secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }\n`);
  process.env.VIGIL_WEBHOOKS_FILE = join(dir, 'webhooks.yaml');
  h = await Harness.create('tracing');
  await h.startAll();
});

afterAll(async () => {
  await h.stop();
  delete process.env.VIGIL_WEBHOOKS_FILE;
  await new Promise((resolve) => receiver.close(resolve));
  trace.disable();
});

test('a single trace contains the spans of all six stages, in pipeline order', async () => {
  // Personal data sends the post to a human queue, so the review stage handles it too.
  const post = upstreamPost('Please call me back on +44 20 7946 0958 about my card');
  await h.produce('community.posts', [post]);
  const row = await eventually(
    () => h.db.selectFrom('decision_log').select(['trace_id', 'event_type']).where('case_id', '=', post.key).where('event_type', '=', 'QueuedForReview').executeTakeFirst(),
    60_000,
    'the post to be queued for review',
  );
  expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
  const stages = ['ingest process', 'enrich process', 'classify process', 'route process', 'review process', 'writeback deliver'];
  const spans = await eventually(() => {
    const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === row.trace_id);
    const routeSpan = inTrace.find((s) => s.name === 'route process')?.spanContext().spanId;
    const taskReviewed = inTrace.some((s) => s.name === 'review process' && s.parentSpanContext?.spanId === routeSpan);
    return taskReviewed && stages.every((name) => inTrace.some((s) => s.name === name)) ? inTrace : undefined;
  }, 60_000, 'spans of all six stages in one trace').catch((err: Error) => {
    const seen = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === row.trace_id).map((s) => s.name);
    throw new Error(`${err.message}; spans in the trace: ${seen.join(', ') || 'none'}; all spans: ${exporter.getFinishedSpans().length}`);
  });
  const start = (name: string) => Math.min(...spans.filter((s) => s.name === name).map((s) => s.startTime[0] * 1e9 + s.startTime[1]));
  expect(start('ingest process')).toBeLessThan(start('enrich process'));
  expect(start('enrich process')).toBeLessThan(start('classify process'));
  expect(start('classify process')).toBeLessThan(start('route process'));
  // review also reads the classified post itself (it keeps questions for answer routing), in parallel with
  // route; the span that handles the post's review task is the one that must follow route.
  const routeSpanId = spans.find((s) => s.name === 'route process')?.spanContext().spanId;
  const reviewOfTask = spans.filter((s) => s.name === 'review process' && s.parentSpanContext?.spanId === routeSpanId);
  expect(reviewOfTask.length).toBeGreaterThan(0);
  expect(start('route process')).toBeLessThan(Math.min(...reviewOfTask.map((s) => s.startTime[0] * 1e9 + s.startTime[1])));
  expect(start('route process')).toBeLessThan(start('writeback deliver'));
  // Each Kafka hop's span is the child of the previous hop's.
  const byName = new Map(spans.map((s) => [s.name, s]));
  expect(byName.get('enrich process')?.parentSpanContext?.spanId).toBe(byName.get('ingest process')?.spanContext().spanId);
  expect(byName.get('route process')?.parentSpanContext?.spanId).toBe(byName.get('classify process')?.spanContext().spanId);

  // Inside a hop: decide, each classifier, the database transaction, produce and commit are children of
  // that hop's span, and lie within it.
  const childrenOf = (parent: string) => spans.filter((s) => s.parentSpanContext?.spanId === byName.get(parent)?.spanContext().spanId).map((s) => s.name);
  expect(childrenOf('classify process')).toEqual(expect.arrayContaining(['classify decide', 'classify models', 'classify rules', 'classify produce', 'classify commit']));
  expect(childrenOf('route process')).toEqual(expect.arrayContaining(['route decide', 'route db transaction', 'route produce', 'route commit']));
  expect(childrenOf('enrich process')).toEqual(expect.arrayContaining(['enrich decide', 'enrich db member facts', 'enrich produce']));
  const ns = (t: [number, number]) => t[0] * 1e9 + t[1];
  const tx = spans.find((s) => s.name === 'route db transaction')!;
  const decide = spans.find((s) => s.name === 'route decide')!;
  expect(ns(tx.startTime)).toBeGreaterThanOrEqual(ns(decide.startTime));
  expect(ns(tx.endTime)).toBeLessThanOrEqual(ns(decide.endTime));
  expect(spans.find((s) => s.name === 'classify models')?.attributes['vigil.models']).toMatch(/spam@/);

  // The webhook call is in the same trace, and the receiver was handed it in traceparent.
  const webhookSpan = await eventually(() => exporter.getFinishedSpans().find((s) => s.name === 'writeback webhook' && s.spanContext().traceId === row.trace_id), 30_000, 'the webhook call span');
  expect(traceparents).toContainEqual(expect.stringContaining(`-${row.trace_id}-${webhookSpan.spanContext().spanId}-`));
});
