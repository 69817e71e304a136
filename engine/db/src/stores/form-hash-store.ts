import type { Db, Tx } from '../connection';

/**
 * The effective artefacts a list of submissions may have been captured with: what the field
 * permissions of each form are computed from before a list filters on them in SQL.
 */

/** Every effective artefact of a form or grid (all its versions, under every establishment's layers). */
export async function effectiveHashesOfForm(db: Db | Tx, formKey: string): Promise<string[]> {
  const rows = (await db('effective_artefact').whereIn('kind', ['form', 'grid']).where('key', formKey).select(db.raw('trim(hash) as hash'))) as Array<{ hash: string }>;
  return rows.map((r) => r.hash);
}

/** The effective artefacts of every revision of the submissions of a dossier. */
export async function effectiveHashesOfDossier(db: Db | Tx, dossierId: string): Promise<string[]> {
  const rows = (await db('submission_revision as r')
    .join('submission as s', 's.id', 'r.submission_id')
    .where('s.dossier_id', dossierId)
    .distinct(db.raw('trim(r.effective_hash) as hash'))) as Array<{ hash: string }>;
  return rows.map((r) => r.hash);
}
