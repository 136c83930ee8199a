// Where the shared datasets and the model artifacts live.
import { resolve } from 'node:path';

/** Repository root (this file is models/train/paths.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Shared datasets: $VIGIL_DATA_DIR_SHARED, else ../shared/data relative to the repo root. */
export function dataDir(): string {
  return resolve(REPO_ROOT, process.env['VIGIL_DATA_DIR_SHARED'] ?? '../shared/data');
}

export const ARTIFACTS_DIR = resolve(REPO_ROOT, 'models', 'artifacts');
export const CARDS_DIR = resolve(REPO_ROOT, 'models', 'cards');
