import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';

/** A placement of a child (insert it with `insertPlacement`). */
export interface PlacementRecord {
  id: string;
  dossierId: string;
  establishmentId: string;
  unitId: string | null;
  startDate: string;
  endDate: string | null;
  legalBasis: string;
  decisionReference: string | null;
}

const columns = [
  'p.id',
  'p.dossier_id as dossierId',
  'p.establishment_id as establishmentId',
  'p.unit_id as unitId',
  'p.start_date as startDate',
  'p.end_date as endDate',
  'p.legal_basis as legalBasis',
  'p.decision_reference as decisionReference',
];

/** Every placement of a dossier, the most recent first. */
export async function listPlacements(db: Db | Tx, dossierId: string): Promise<PlacementRecord[]> {
  return (await db('placement as p').where('p.dossier_id', dossierId).orderBy('p.start_date', 'desc').select(columns)) as PlacementRecord[];
}

export async function getPlacement(db: Db | Tx, id: string): Promise<PlacementRecord | null> {
  if (!isUuid(id)) return null;
  return ((await db('placement as p').where('p.id', id).first(columns)) as PlacementRecord | undefined) ?? null;
}

/** Sets (or clears) the end date; the exclusion constraint refuses an overlap with another placement. */
export async function setPlacementEnd(trx: Tx, id: string, endDate: string | null): Promise<void> {
  await trx('placement').where({ id }).update({ end_date: endDate });
}
