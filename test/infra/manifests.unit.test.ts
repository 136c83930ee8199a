// Every manifest under infra/k8s is valid for its kind, and the manifests agree with the code they deploy:
// stage ports and probes (services/core/runtime.ts), config variables (services/core/config.ts), consumer
// groups and input topics (the stage handlers), partitions (topics.yaml) and the generated KafkaTopics.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderKafkaTopics, OUTPUT as TOPICS_FILE } from '../../infra/k8s/generate-topics';
import { loadConfig, readEnv } from '../../services/core/config';
import { DEFAULT_HTTP_PORTS } from '../../services/core/runtime';
import { loadTopics } from '../../services/core/topics';
import { K8S_DIR, ROOT, kindOf, readYamlDocs, yamlFilesUnder, type YamlDoc } from './files';
import * as K from './k8s-schemas';

const BASE = join(K8S_DIR, 'base');
const docs: YamlDoc[] = yamlFilesUnder(K8S_DIR).flatMap(readYamlDocs);
const STAGES = Object.entries(DEFAULT_HTTP_PORTS);

/** The valid documents of one kind; an invalid one is reported by the schema test below, not here. */
function all<T>(kind: K.Kind, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, dir = BASE): T[] {
  const prefix = relative(ROOT, dir);
  return docs.filter((d) => kindOf(d.value) === kind && d.file.startsWith(prefix)).flatMap((d) => {
    const r = schema.safeParse(d.value);
    return r.success && r.data !== undefined ? [r.data] : [];
  });
}
const deployments = all('Deployment', K.Deployment);
const services = all('Service', K.Service);
const scaledObjects = all('ScaledObject', K.ScaledObject);
const [configMap] = all('ConfigMap', K.ConfigMap);
const [exampleSecret] = all('Secret', K.Secret, K8S_DIR);
const topics = loadTopics(configMap?.data.VIGIL_TOPIC_PREFIX ?? '');

/** The topics a stage consumes, read from its handler's `inputs: [...]` so the triggers follow the code. */
function stageInputs(stage: string): string[] {
  const dir = join(ROOT, 'services', stage);
  const source = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test.')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const list = /inputs: \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

/** CPU in cores, memory in bytes: enough to compare a request with its limit. */
function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/.exec(q);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m?.[2] ?? ''] ?? 1;
  return Number(m?.[1]) * unit;
}

describe('every YAML document under infra/k8s', () => {
  it.each(docs.map((d) => [`${d.file}#${d.index} (${kindOf(d.value) ?? 'no kind'})`, d]))('%s matches the schema of its kind', (_name, d) => {
    const kind = kindOf(d.value);
    expect(kind !== undefined && kind in K.SCHEMAS).toBe(true);
    const result = K.SCHEMAS[kind as K.Kind].safeParse(d.value);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('names each resource once per kind', () => {
    const keys = docs.map((d) => `${kindOf(d.value)}/${(d.value as { metadata?: { name?: string } }).metadata?.name ?? ''}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  });
});

describe('kustomization.yaml', () => {
  const [kustomization] = all('Kustomization', K.Kustomization);

  it('lists exactly the manifests in base/ (none forgotten, none missing)', () => {
    const files = readdirSync(BASE).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').sort();
    expect(kustomization?.resources.slice().sort()).toEqual(files);
  });

  it('does not apply a Secret: credentials are created from real values, not checked in', () => {
    expect(docs.filter((d) => kindOf(d.value) === 'Secret' && d.file.startsWith(relative(ROOT, BASE)))).toEqual([]);
  });
});

describe('the ConfigMap', () => {
  it('carries the shared settings, and with a DATABASE_URL they pass the services own config validation', () => {
    for (const key of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'DATABASE_SCHEMA', 'VIGIL_TOPIC_PREFIX']) expect(configMap?.data).toHaveProperty(key);
    const env = { ...configMap?.data, DATABASE_URL: exampleSecret?.stringData?.DATABASE_URL };
    expect(() => loadConfig(readEnv(env))).not.toThrow();
  });
});

describe.each(STAGES)('stage %s (port %d)', (stage, port) => {
  const deployment = deployments.find((d) => d.metadata.name === `vigil-${stage}`);
  const container = deployment?.spec.template.spec.containers[0];
  /** A probe or Service port, resolved through the container's named ports. */
  const resolvePort = (p: number | string | undefined) => (typeof p === 'number' ? p : container?.ports.find((cp) => cp.name === p)?.containerPort);

  it('has a Deployment that runs its main.ts with tsx', () => {
    expect(container?.command).toEqual(['node_modules/.bin/tsx', `services/${stage}/main.ts`]);
    expect(existsSync(join(ROOT, 'services', stage, 'main.ts'))).toBe(true);
  });

  it('listens, and is probed, on its stage port: liveness /healthz, readiness /readyz', () => {
    expect(container?.ports.map((p) => p.containerPort)).toEqual([port]);
    expect(container?.env.find((e) => e.name === 'HTTP_PORT')?.value).toBe(String(port));
    expect(container?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container?.readinessProbe.httpGet.path).toBe('/readyz');
    const probes = [container?.livenessProbe, container?.readinessProbe, container?.startupProbe].filter((p) => p !== undefined);
    for (const probe of probes) expect(resolvePort(probe.httpGet.port)).toBe(port);
  });

  it('requests no more than its limits', () => {
    const { requests, limits } = container?.resources ?? { requests: { cpu: '', memory: '' }, limits: { cpu: '', memory: '' } };
    expect(quantity(requests.cpu)).toBeLessThanOrEqual(quantity(limits.cpu));
    expect(quantity(requests.memory)).toBeLessThanOrEqual(quantity(limits.memory));
  });

  it('reads the ConfigMap, DATABASE_URL from the Secret, and never the owner credentials', () => {
    expect(container?.envFrom.map((e) => e.configMapRef?.name)).toContain(configMap?.metadata.name);
    const ref = container?.env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
    expect(ref).toEqual({ name: exampleSecret?.metadata.name, key: 'DATABASE_URL' });
    expect(Object.keys(exampleSecret?.stringData ?? {})).toContain(ref?.key);
    expect(container?.env.map((e) => e.name)).not.toContain('DATABASE_OWNER_URL');
  });

  it('has a Service selecting its pods on the stage port', () => {
    const service = services.find((s) => s.metadata.name === `vigil-${stage}`);
    const podLabels = deployment?.spec.template.metadata.labels ?? {};
    expect(Object.entries(service?.spec.selector ?? { missing: 'service' }).every(([k, v]) => podLabels[k] === v)).toBe(true);
    expect(service?.spec.ports.map((p) => [p.port, resolvePort(p.targetPort)])).toEqual([[port, port]]);
    // Exactly one Deployment behind it, or metrics would mix stages.
    expect(deployments.filter((d) => Object.entries(service?.spec.selector ?? {}).every(([k, v]) => d.spec.template.metadata.labels[k] === v))).toHaveLength(1);
  });
});

describe('autoscaling', () => {
  const consumers = STAGES.map(([stage]) => [stage, stageInputs(stage)] as const).filter(([, inputs]) => inputs.length > 0);

  it('finds the consuming stages in the code (writeback polls the outbox instead)', () => {
    expect(consumers.map(([s]) => s).sort()).toEqual(['classify', 'enrich', 'ingest', 'review', 'route']);
  });

  it.each(consumers)('%s scales on the lag of its own group and input topics, up to their partition count', (stage, inputs) => {
    const so = scaledObjects.find((s) => s.spec.scaleTargetRef.name === `vigil-${stage}`);
    const prefix = configMap?.data.VIGIL_TOPIC_PREFIX ?? '';
    expect(so?.spec.triggers.map((t) => t.metadata.topic).sort()).toEqual(inputs.map((t) => `${prefix}${t}`).sort());
    for (const t of so?.spec.triggers ?? []) {
      // groupId() in services/core/runtime.ts
      expect(t.metadata.consumerGroup).toBe(`${prefix}vigil-${stage}`);
      expect(t.metadata.bootstrapServers).toBe(configMap?.data.KAFKA_BROKERS);
      // A partition has one reader per group: a replica beyond the partition count would sit idle.
      const partitions = topics.find((d) => d.name === t.metadata.topic)?.partitions ?? 0;
      expect(so?.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    }
    // The HPA owns the replica count; a fixed one in the Deployment would fight it on every apply.
    expect(deployments.find((d) => d.metadata.name === `vigil-${stage}`)?.spec.replicas).toBeUndefined();
  });

  it('scales nothing that is not a Deployment here', () => {
    for (const so of scaledObjects) expect(deployments.map((d) => d.metadata.name)).toContain(so.spec.scaleTargetRef.name);
  });

  it('runs writeback at a fixed count, without a ScaledObject', () => {
    expect(scaledObjects.filter((s) => s.spec.scaleTargetRef.name === 'vigil-writeback')).toEqual([]);
    expect(deployments.find((d) => d.metadata.name === 'vigil-writeback')?.spec.replicas).toBeGreaterThanOrEqual(1);
  });
});

describe('kafka-topics.yaml', () => {
  const kafkaTopics = all('KafkaTopic', K.KafkaTopic);

  it('is exactly what generate-topics.ts makes of topics.yaml (regenerate: npx tsx infra/k8s/generate-topics.ts)', () => {
    expect(readFileSync(TOPICS_FILE, 'utf8')).toBe(renderKafkaTopics(loadTopics()));
  });

  it('declares every topic of topics.yaml with its partitions, retention and cleanup policy', () => {
    const declared = loadTopics().map((t) => ({ name: t.name, partitions: t.partitions, retention: t.retentionMs, cleanup: t.cleanupPolicy }));
    const resources = kafkaTopics.map((k) => ({ name: k.spec.topicName, partitions: k.spec.partitions, retention: k.spec.config['retention.ms'], cleanup: k.spec.config['cleanup.policy'] }));
    expect(resources).toEqual(declared);
    for (const k of kafkaTopics) expect(k.spec.replicas).toBe(3);
  });
});
