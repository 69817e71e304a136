import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { type SchemaId, validateContract } from '@cordee/metadata';
import type { ProfileDefinition } from '@cordee/metadata/generated/metadata/profile';

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
export function readProfiles(dir: string): ProfileDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const profile = readValidated<ProfileDefinition>(join(dir, f), 'metadata/profile');
      if (profile.key !== basename(f, '.json')) throw new Error(`${relative(process.cwd(), join(dir, f))}: /key is "${profile.key}" but the file must be named after its key`);
      return profile;
    });
}

/** The profiles of the PDE pack (pde-domain.md §10.1), with their CASL rules: published as `profile` artefacts by the reference data loader. */
export function packProfiles(): ProfileDefinition[] {
  return readProfiles(join(packDir, 'profiles'));
}

export type PackArtefactKind = 'form' | 'grid' | 'workflow' | 'template';

/** One artefact of the pack: its key is its file name; the definition has no key (the metadata API adds it). */
export interface PackArtefact {
  kind: PackArtefactKind;
  key: string;
  file: string;
  definition: Record<string, unknown>;
}

const folders: Array<[PackArtefactKind, string]> = [
  ['form', 'forms'],
  ['grid', 'grids'],
  ['workflow', 'workflows'],
  ['template', 'templates'],
];

/** Every form, grid, workflow and template of the pack, checked against its contract; forms first (others refer to them). */
export function packArtefacts(dir = packDir): PackArtefact[] {
  const artefacts: PackArtefact[] = [];
  for (const [kind, folder] of folders) {
    let files: string[];
    try {
      files = readdirSync(join(dir, folder)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const key = basename(f, '.json');
      const file = join(dir, folder, f);
      const definition = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const { migration: _m, ...checked } = definition;
      const issues = validateContract(`metadata/${kind}` as SchemaId, { ...checked, key });
      if (issues.length > 0) throw new Error(`${relative(process.cwd(), file)} does not match the metadata/${kind} schema:\n${issues.map((i) => `  ${i.path || '/'}: ${i.message}`).join('\n')}`);
      artefacts.push({ kind, key, file, definition });
    }
  }
  return artefacts;
}
