import type { Db, Tx } from '../connection';

/**
 * The catalogue of profiles that accounts can hold: key, label and kind. Their rules are metadata
 * (artefacts of kind `profile`, versioned and layered per establishment); this table follows the
 * latest published version of each, so assignments can reference a key and lists can show labels.
 */
export interface ProfileRow {
  key: string;
  label: string;
  kind: 'staff' | 'administration' | 'usager';
}

export async function loadProfiles(db: Db): Promise<Map<string, ProfileRow>> {
  const rows: ProfileRow[] = await db('profile').select('key', 'label', 'kind');
  return new Map(rows.map((r) => [r.key, r]));
}

/** Records a published profile in the catalogue, in the transaction of its publication. */
export async function upsertProfileCatalogue(trx: Db | Tx, profile: ProfileRow): Promise<void> {
  await trx('profile').insert({ key: profile.key, label: profile.label, kind: profile.kind }).onConflict('key').merge();
}
