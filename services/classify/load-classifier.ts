// Builds the classifier the stage runs: rules and lexicons always, plus the trained models whose
// artifacts are in the models directory. Which model versions serve live and which run in shadow comes
// from a small JSON file (VIGIL_MODEL_SERVING, default models/serving.json), re-read when it changes,
// so a shadow model is promoted by editing configuration, without a restart.
import type { PhaseTimer } from '../core/kafka/phase-timer';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../core/logger';
import { createClassifier } from './signals/ensemble';
import { loadModelSignals, resolveArtifactsDir } from './signals/models';
import type { Classification, ClassifyInput, Classifier, RouterName } from './signals/types';

const Serving = z.object({
  live: z.record(z.string(), z.string()).default({}),
  shadow: z.record(z.string(), z.string()).default({}),
});
type Serving = z.infer<typeof Serving>;

const CHECK_EVERY_MS = 2_000;

function hasArtifacts(modelsDir: string): boolean {
  try {
    resolveArtifactsDir(modelsDir);
    return true;
  } catch {
    return false;
  }
}

function readServing(file: string): Serving {
  if (!existsSync(file)) return { live: {}, shadow: {} };
  const parsed = Serving.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function build(modelsDir: string, router: RouterName | undefined, serving: Serving): Promise<Classifier> {
  const models = await loadModelSignals({ modelsDir, ...(router ? { router } : {}), live: serving.live, shadow: serving.shadow });
  return createClassifier({ models });
}

/** A classifier plus the shadow model versions it runs beside the live ones (for the model-info metric). */
export interface ServedClassifier extends Classifier {
  readonly shadowVersions: Record<string, string>;
}

export interface LoadOptions {
  router?: RouterName;
  servingFile?: string;
}

export async function loadClassifier(modelsDir: string, log: Logger | null, opts: LoadOptions = {}): Promise<ServedClassifier> {
  if (!hasArtifacts(modelsDir)) {
    log?.warn({ modelsDir }, 'no model artifacts found; classifying with rules and lexicons only');
    return Object.assign(createClassifier(), { shadowVersions: {} });
  }
  const servingFile = opts.servingFile ?? process.env.VIGIL_MODEL_SERVING ?? join(modelsDir, '..', 'serving.json');
  const mtime = () => (existsSync(servingFile) ? statSync(servingFile).mtimeMs : 0);
  let serving = readServing(servingFile);
  let current = await build(modelsDir, opts.router, serving);
  let seen = mtime();
  let checkedAt = Date.now();
  log?.info({ versions: current.versions }, 'models loaded');

  const maybeReload = async (): Promise<void> => {
    if (Date.now() - checkedAt < CHECK_EVERY_MS) return;
    checkedAt = Date.now();
    const m = mtime();
    if (m === seen) return;
    seen = m;
    try {
      const next = readServing(servingFile);
      current = await build(modelsDir, opts.router, next);
      serving = next;
      log?.info({ versions: current.versions }, 'model serving changed; new versions live');
    } catch (err) {
      log?.error({ err: err instanceof Error ? err.message : String(err) }, 'model serving change ignored; keeping the current models');
    }
  };

  return {
    get versions() {
      return current.versions;
    },
    get shadowVersions() {
      return serving.shadow;
    },
    async classifyBatch(inputs: readonly ClassifyInput[], phases?: PhaseTimer): Promise<Classification[]> {
      await maybeReload();
      return current.classifyBatch(inputs, phases);
    },
  };
}
