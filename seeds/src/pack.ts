import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileRow } from '@cordee/db';

export const packDir = join(__dirname, '..', 'pack');

function readJsonDir<T>(dir: string): T[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
}

/** The profiles of the PDE pack (pde-domain.md §10.1), with their CASL rules. */
export function packProfiles(): ProfileRow[] {
  return readJsonDir<ProfileRow & { description?: string }>(join(packDir, 'profiles')).map(({ key, label, kind, rules }) => ({ key, label, kind, rules }));
}
