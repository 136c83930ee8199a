// Structural schemas for the Kubernetes kinds under infra/k8s: only the fields Vigil relies on, each with its
// type. Not the full Kubernetes OpenAPI (that would need a schema download); the cross-resource rules
// (ports, probes, topics, groups) live in manifests.unit.test.ts.
import { z } from 'zod';

/** A DNS-1123 subdomain: what most resource names must be. */
const Name = z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'lower-case DNS subdomain');
const Labels = z.record(z.string(), z.string());
const Metadata = z.object({ name: Name, namespace: Name.optional(), labels: Labels.optional(), annotations: Labels.optional() });
const Port = z.number().int().min(1).max(65535);
/** A numeric port or the name of a container port (at most 15 characters, IANA_SVC_NAME). */
const PortRef = z.union([Port, z.string().regex(/^[a-z0-9-]{1,15}$/)]);
/** CPU ("100m", "2") or memory ("384Mi", "1Gi"); plain numbers are rejected so units are always explicit. */
const Quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, 'a quantity such as 100m, 1, 384Mi or 1Gi');
const Resources = z.object({
  requests: z.object({ cpu: Quantity, memory: Quantity }),
  limits: z.object({ cpu: Quantity, memory: Quantity }),
});

const HttpProbe = z.object({
  httpGet: z.object({ path: z.string().startsWith('/'), port: PortRef }),
  periodSeconds: z.number().int().positive().optional(),
  timeoutSeconds: z.number().int().positive().optional(),
  failureThreshold: z.number().int().positive().optional(),
  initialDelaySeconds: z.number().int().nonnegative().optional(),
});

const KeyRef = z.object({ name: Name, key: z.string().min(1) });
const EnvVar = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    value: z.string().optional(),
    valueFrom: z.object({ secretKeyRef: KeyRef.optional(), configMapKeyRef: KeyRef.optional() }).optional(),
  })
  .refine((e) => (e.value === undefined) !== (e.valueFrom === undefined), 'env var needs exactly one of value and valueFrom');

const Container = z.object({
  name: Name,
  image: z.string().min(1),
  command: z.array(z.string().min(1)).min(1),
  workingDir: z.string().startsWith('/').optional(),
  ports: z.array(z.object({ name: z.string().max(15).optional(), containerPort: Port })).min(1),
  env: z.array(EnvVar).default([]),
  envFrom: z.array(z.object({ configMapRef: z.object({ name: Name }).optional(), secretRef: z.object({ name: Name }).optional() })).default([]),
  resources: Resources,
  livenessProbe: HttpProbe,
  readinessProbe: HttpProbe,
  startupProbe: HttpProbe.optional(),
});

export const Deployment = z
  .object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('Deployment'),
    metadata: Metadata,
    spec: z.object({
      replicas: z.number().int().positive().optional(),
      selector: z.object({ matchLabels: Labels }),
      template: z.object({
        metadata: z.object({ labels: Labels, annotations: Labels.optional() }),
        spec: z.object({
          terminationGracePeriodSeconds: z.number().int().positive(),
          containers: z.array(Container).length(1),
        }),
      }),
    }),
  })
  .refine((d) => Object.entries(d.spec.selector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v), 'selector must match the pod template labels');

export const Service = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  metadata: Metadata,
  spec: z.object({
    selector: Labels,
    ports: z.array(z.object({ name: z.string().optional(), port: Port, targetPort: PortRef })).min(1),
  }),
});

export const ConfigMap = z.object({ apiVersion: z.literal('v1'), kind: z.literal('ConfigMap'), metadata: Metadata, data: z.record(z.string(), z.string()) });

export const Secret = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Secret'),
    metadata: Metadata,
    type: z.string().optional(),
    stringData: z.record(z.string(), z.string()).optional(),
    data: z.record(z.string(), z.string()).optional(),
  })
  .refine((s) => s.stringData !== undefined || s.data !== undefined, 'a Secret needs data or stringData');

export const Namespace = z.object({ apiVersion: z.literal('v1'), kind: z.literal('Namespace'), metadata: Metadata });

export const KafkaTopic = z.object({
  apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
  kind: z.literal('KafkaTopic'),
  metadata: Metadata.extend({ labels: z.object({ 'strimzi.io/cluster': z.literal('vigil') }).catchall(z.string()) }),
  spec: z.object({
    topicName: z.string().regex(/^[a-zA-Z0-9._-]+$/),
    partitions: z.number().int().positive(),
    replicas: z.number().int().positive(),
    config: z.object({ 'retention.ms': z.number().int().positive(), 'cleanup.policy': z.enum(['delete', 'compact']) }).catchall(z.union([z.string(), z.number(), z.boolean()])),
  }),
});

/** KEDA trigger metadata is a map of strings: a bare YAML number or boolean is a type error for KEDA. */
const KafkaTrigger = z.object({
  type: z.literal('kafka'),
  metadata: z
    .object({ bootstrapServers: z.string().min(1), consumerGroup: z.string().min(1), topic: z.string().min(1), lagThreshold: z.string().regex(/^[1-9]\d*$/) })
    .catchall(z.string()),
});

export const ScaledObject = z
  .object({
    apiVersion: z.literal('keda.sh/v1alpha1'),
    kind: z.literal('ScaledObject'),
    metadata: Metadata,
    spec: z.object({
      scaleTargetRef: z.object({ name: Name, kind: z.literal('Deployment').optional() }),
      pollingInterval: z.number().int().positive().optional(),
      minReplicaCount: z.number().int().nonnegative(),
      maxReplicaCount: z.number().int().positive(),
      triggers: z.array(KafkaTrigger).min(1),
    }),
  })
  .refine((s) => s.spec.minReplicaCount <= s.spec.maxReplicaCount, 'minReplicaCount must not exceed maxReplicaCount');

export const Kustomization = z.object({
  apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
  kind: z.literal('Kustomization'),
  namespace: Name.optional(),
  resources: z.array(z.string().min(1)).min(1),
  images: z.array(z.object({ name: z.string(), newName: z.string().optional(), newTag: z.string().optional() })).optional(),
});

export const SCHEMAS = { Deployment, Service, ConfigMap, Secret, Namespace, KafkaTopic, ScaledObject, Kustomization } as const;
export type Kind = keyof typeof SCHEMAS;
export type DeploymentT = z.infer<typeof Deployment>;
export type ServiceT = z.infer<typeof Service>;
export type ScaledObjectT = z.infer<typeof ScaledObject>;
export type KafkaTopicT = z.infer<typeof KafkaTopic>;
export type ConfigMapT = z.infer<typeof ConfigMap>;
export type SecretT = z.infer<typeof Secret>;
export type KustomizationT = z.infer<typeof Kustomization>;
