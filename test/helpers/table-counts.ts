import type { Db } from '@cordee/db';

/** The tables the demo data writes to. */
export const demoTables = [
  'organisme', 'establishment', 'unit', 'account', 'account_profile', 'dossier', 'dossier_search_token', 'placement', 'care_team_member', 'account_dossier_link',
  'identity_status_change', 'app_setting', 'submission', 'submission_revision', 'effective_artefact',
] as const;

/** Row counts of some tables, by table. */
export async function tableCounts(db: Db, tables: readonly string[] = demoTables): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db(table).count<{ count: string }[]>('* as count');
    result[table] = Number(row!.count);
  }
  return result;
}
