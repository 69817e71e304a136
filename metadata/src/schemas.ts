import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { schemaIds, type SchemaId } from '../generated/schema-ids';

export { schemaIds, type SchemaId };

/** Where every contract schema lives: `metadata/schemas/<group>/<name>.schema.json`, id `<group>/<name>`. */
export const schemasDir = join(__dirname, '..', 'schemas');
export const SCHEMA_BASE_URI = 'https://schemas.cordee.fr/';
export const schemaUri = (id: string): string => `${SCHEMA_BASE_URI}${id}.json`;

export type JsonSchema = Record<string, unknown> & { $id: string; title?: string };

function listSchemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSchemaFiles(path);
    return entry.name.endsWith('.schema.json') ? [path] : [];
  });
}

/** Reads every schema file; each file's `$id` must match its path. */
export function loadSchemas(): Map<SchemaId, JsonSchema> {
  const schemas = new Map<SchemaId, JsonSchema>();
  for (const file of listSchemaFiles(schemasDir).sort()) {
    const id = relative(schemasDir, file).replace(/\\/g, '/').replace(/\.schema\.json$/, '');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
    if (schema.$id !== schemaUri(id)) throw new Error(`${file}: $id must be ${schemaUri(id)}`);
    schemas.set(id as SchemaId, schema);
  }
  return schemas;
}

let cached: Map<SchemaId, JsonSchema> | undefined;
/** The schemas, read once per process. */
export function schemaRegistry(): Map<SchemaId, JsonSchema> {
  cached ??= loadSchemas();
  return cached;
}
