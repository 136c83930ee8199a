// Loads the Avro schemas in schemas/*.avsc (one file per record type) and inlines the named types they
// reference, so each topic's value schema registers as one self-contained document.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type AvroSchema = Record<string, unknown>;
type SchemaNode = unknown;

const NAMESPACE = 'vigil';

export function schemasDir(): string {
  return join(__dirname, '..', '..', 'schemas');
}

export function loadSchemaFiles(dir = schemasDir()): Map<string, AvroSchema> {
  const byName = new Map<string, AvroSchema>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.avsc'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AvroSchema;
    byName.set(`${typeof schema.namespace === 'string' ? schema.namespace : NAMESPACE}.${String(schema.name)}`, schema);
  }
  return byName;
}

/** The schema named `name` with every referenced vigil.* type defined inline at its first use. */
export function resolveSchema(name: string, files = loadSchemaFiles()): AvroSchema {
  const defined = new Set<string>();
  const inline = (node: SchemaNode): SchemaNode => {
    if (typeof node === 'string') {
      const full = node.includes('.') ? node : `${NAMESPACE}.${node}`;
      const target = files.get(full);
      if (!target || defined.has(full)) return node;
      defined.add(full);
      return inline(target);
    }
    if (Array.isArray(node)) return node.map(inline);
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'record' && typeof obj.name === 'string') defined.add(`${typeof obj.namespace === 'string' ? obj.namespace : NAMESPACE}.${obj.name}`);
      const out: Record<string, unknown> = { ...obj };
      if ('type' in obj) out.type = inline(obj.type);
      if (Array.isArray(obj.fields)) out.fields = obj.fields.map((f) => inline(f));
      if ('items' in obj) out.items = inline(obj.items);
      if ('values' in obj) out.values = inline(obj.values);
      return out;
    }
    return node;
  };
  const root = files.get(`${NAMESPACE}.${name}`);
  if (!root) throw new Error(`schema ${name} not found in ${schemasDir()}`);
  return inline(root) as AvroSchema;
}
