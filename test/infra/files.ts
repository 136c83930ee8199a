// Reads the checked-in infrastructure files for the infra unit tests (local files only, no network).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const K8S_DIR = join(ROOT, 'infra', 'k8s');
export const OBS_DIR = join(ROOT, 'infra', 'observability');

export interface YamlDoc {
  /** Path relative to the repository root, for messages. */
  file: string;
  index: number;
  value: unknown;
}

export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFilesUnder(join(dir, e.name)) : e.isFile() && /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** Every document of a multi-document YAML file; a syntax error throws, naming the file. */
export function readYamlDocs(path: string): YamlDoc[] {
  const file = relative(ROOT, path);
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  return docs.flatMap((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${file} document ${index}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    // A comment-only document (e.g. a header before the first ---) has no content.
    return value === null || value === undefined ? [] : [{ file, index, value }];
  });
}

export function kindOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as Record<string, unknown>).kind;
  return typeof kind === 'string' ? kind : undefined;
}
