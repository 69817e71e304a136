import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { type SchemaId, validateContract } from '@cordee/metadata';
import type { ProfileDefinition } from '@cordee/metadata/generated/metadata/profile';
import type { ProfileRow } from '@cordee/db';

export const packDir = join(__dirname, '..', 'pack');

/** Parses one pack file; throws an error naming the file and every offending field. */
function readValidated<T>(file: string, schema: SchemaId): T {
  const name = relative(process.cwd(), file);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const issues = validateContract(schema, value);
  if (issues.length > 0) {
    throw new Error(`${name} does not match the ${schema} schema:\n${issues.map((i) => `  ${i.path || '/'}: ${i.message}`).join('\n')}`);
  }
  return value as T;
}

/** Reads a folder of profile files: each must match the profile schema and be named after its key. */
export function readProfiles(dir: string): ProfileRow[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const { key, label, kind, rules } = readValidated<ProfileDefinition>(join(dir, f), 'metadata/profile');
      if (key !== basename(f, '.json')) throw new Error(`${relative(process.cwd(), join(dir, f))}: /key is "${key}" but the file must be named after its key`);
      return { key, label, kind, rules };
    });
}

/** The profiles of the PDE pack (pde-domain.md §10.1), with their CASL rules. */
export function packProfiles(): ProfileRow[] {
  return readProfiles(join(packDir, 'profiles'));
}
