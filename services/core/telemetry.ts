// OpenTelemetry for every stage. Trace context travels as W3C `traceparent` in Kafka record headers and
// HTTP headers, so one trace spans a post from ingest to writeback. Exporting is off unless
// OTEL_EXPORTER_OTLP_ENDPOINT is set; with no SDK registered the API's tracer is a no-op, so spans
// cost nothing. Span and attribute names are defined here once.
import { context, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export const ATTR = {
  stage: 'vigil.stage',
  caseId: 'vigil.case_id',
  topic: 'messaging.destination.name',
  partition: 'messaging.kafka.destination.partition',
  offset: 'messaging.kafka.message.offset',
  batchSize: 'messaging.batch.message_count',
} as const;

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

let sdk: NodeSDK | null = null;

/** Starts the OTLP exporter when configured. Safe to call more than once. */
export function initTelemetry(service: string): void {
  if (sdk || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  sdk = new NodeSDK({ serviceName: `vigil-${service}`, traceExporter: new OTLPTraceExporter() });
  sdk.start();
}

export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = null;
}

export const tracer = () => trace.getTracer('vigil');

export function extractContext(headers: Record<string, string | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

export function injectHeaders(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Runs `fn` inside a span that is a child of `parent`, recording failures on the span. */
export async function inSpan<T>(name: string, parent: Context, attributes: Record<string, string | number>, fn: (span: Span, ctx: Context) => Promise<T>, kind = SpanKind.CONSUMER): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => fn(span, ctx));
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}

/** A parent context for work that only knows the trace id (writeback reads it from the log). */
export function contextForTraceId(traceId: string | null, spanIdSeed: string): Context {
  if (!traceId || !/^[0-9a-f]{32}$/.test(traceId)) return ROOT_CONTEXT;
  let h = 0x811c9dc5;
  for (const ch of spanIdSeed) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const spanId = `${h.toString(16).padStart(8, '0')}${((h ^ 0x5bd1e995) >>> 0).toString(16).padStart(8, '0')}`;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: 1, isRemote: true });
}
