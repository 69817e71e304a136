import type { DossierAccessRecord, PlacementRecord } from '@cordee/db';

/**
 * The records the permission rules look at, for the subjects of the dossier area. Placements are
 * judged by where they take place; care team memberships by where the dossier is followed.
 */
export const dossierSubject = (d: DossierAccessRecord) => ({ id: d.id, establishmentId: d.establishmentId, unitId: d.unitId, status: d.status });

export const placementSubject = (p: Pick<PlacementRecord, 'dossierId' | 'establishmentId' | 'unitId'>) => ({
  dossierId: p.dossierId,
  establishmentId: p.establishmentId,
  unitId: p.unitId,
});

export const careTeamSubject = (d: DossierAccessRecord) => ({ dossierId: d.id, establishmentId: d.establishmentId, unitId: d.unitId });
