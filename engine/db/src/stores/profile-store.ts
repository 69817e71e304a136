import type { ProfileDefinition } from '@cordee/core';
import type { Db, Tx } from '../connection';

export interface ProfileRow extends ProfileDefinition {
  kind: 'staff' | 'administration' | 'usager';
}

export async function loadProfiles(db: Db): Promise<Map<string, ProfileRow>> {
  const rows = await db('profile').select('key', 'label', 'kind', 'rules');
  return new Map(rows.map((r: ProfileRow) => [r.key, r]));
}

/** Inserts or replaces reference profiles (used by the reference data loader). */
export async function upsertProfiles(trx: Db | Tx, profiles: ProfileRow[]): Promise<void> {
  if (profiles.length === 0) return;
  await trx('profile')
    .insert(profiles.map((p) => ({ key: p.key, label: p.label, kind: p.kind, rules: JSON.stringify(p.rules) })))
    .onConflict('key')
    .merge();
}
