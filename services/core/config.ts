// Two-step configuration: readEnv() reads raw strings, loadConfig() validates them once at startup and
// fails with a message naming the variable. Defaults match what `make up` starts on this machine.
import { z } from 'zod';

const DEFAULTS = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://vigil_app@127.0.0.1:5432/vigil',
  DATABASE_OWNER_URL: 'postgres://vigil_owner@127.0.0.1:5432/vigil',
  DATABASE_SCHEMA: 'vigil',
  VIGIL_TOPIC_PREFIX: '',
  VIGIL_POLICIES_DIR: 'policies',
  VIGIL_MODELS_DIR: 'models/artifacts',
  LOG_LEVEL: 'info',
  // Loopback by default; a container sets 0.0.0.0 so probes and Prometheus can reach the pod.
  HTTP_HOST: '127.0.0.1',
} as const;

const ConfigSchema = z.object({
  KAFKA_BROKERS: z.string().min(1),
  SCHEMA_REGISTRY_URL: z.url(),
  DATABASE_URL: z.string().startsWith('postgres'),
  DATABASE_OWNER_URL: z.string().startsWith('postgres'),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case SQL identifier'),
  VIGIL_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, dot, dash, underscore'),
  VIGIL_POLICIES_DIR: z.string().min(1),
  VIGIL_MODELS_DIR: z.string().min(1),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HTTP_HOST: z.string().min(1),
});

export type RawEnv = Record<keyof typeof DEFAULTS | 'HTTP_PORT', string | undefined>;

export interface VigilConfig {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrl: string;
  databaseOwnerUrl: string;
  databaseSchema: string;
  topicPrefix: string;
  policiesDir: string;
  modelsDir: string;
  logLevel: string;
  httpHost: string;
  httpPort?: number;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): RawEnv {
  const pick = (k: keyof typeof DEFAULTS) => env[k] ?? DEFAULTS[k];
  return {
    KAFKA_BROKERS: pick('KAFKA_BROKERS'),
    SCHEMA_REGISTRY_URL: pick('SCHEMA_REGISTRY_URL'),
    DATABASE_URL: pick('DATABASE_URL'),
    DATABASE_OWNER_URL: pick('DATABASE_OWNER_URL'),
    DATABASE_SCHEMA: pick('DATABASE_SCHEMA'),
    VIGIL_TOPIC_PREFIX: pick('VIGIL_TOPIC_PREFIX'),
    VIGIL_POLICIES_DIR: pick('VIGIL_POLICIES_DIR'),
    VIGIL_MODELS_DIR: pick('VIGIL_MODELS_DIR'),
    LOG_LEVEL: pick('LOG_LEVEL'),
    HTTP_HOST: pick('HTTP_HOST'),
    HTTP_PORT: env.HTTP_PORT,
  };
}

export class ConfigError extends Error {}

export function loadConfig(raw: RawEnv = readEnv()): VigilConfig {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(raw[i.path[0] as keyof RawEnv])})`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    kafkaBrokers: c.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    registryUrl: c.SCHEMA_REGISTRY_URL,
    databaseUrl: c.DATABASE_URL,
    databaseOwnerUrl: c.DATABASE_OWNER_URL,
    databaseSchema: c.DATABASE_SCHEMA,
    topicPrefix: c.VIGIL_TOPIC_PREFIX,
    policiesDir: c.VIGIL_POLICIES_DIR,
    modelsDir: c.VIGIL_MODELS_DIR,
    logLevel: c.LOG_LEVEL,
    httpHost: c.HTTP_HOST,
    ...(c.HTTP_PORT !== undefined ? { httpPort: c.HTTP_PORT } : {}),
  };
}
