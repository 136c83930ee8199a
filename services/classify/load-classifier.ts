// Builds the classifier the stage runs: rules and lexicons always, trained models when their artifacts
// are present under the models directory.
import { existsSync } from 'node:fs';
import type { Logger } from '../core/logger';
import { createClassifier } from './signals/ensemble';
import type { Classifier } from './signals/types';

export async function loadClassifier(modelsDir: string, log: Logger | null): Promise<Classifier> {
  if (!existsSync(modelsDir)) {
    log?.warn({ modelsDir }, 'no model artifacts found; classifying with rules and lexicons only');
    return createClassifier();
  }
  // Trained models are wired in once their loader lands; see services/classify/signals/models.
  return Promise.resolve(createClassifier());
}
