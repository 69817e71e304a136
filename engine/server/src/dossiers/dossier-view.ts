import {
  AppError,
  careTeamRoleLabels,
  coversDay,
  currentPeriod,
  identityStatusLabels,
  legalBasisLabels,
} from '@cordee/core';
import { type CareTeamRecord, type Db, type PlacementRecord, type Tx, getDossier, listCareTeam, listPlacements } from '@cordee/db';
import type { CareTeamMember, Dossier, Placement } from '@cordee/metadata/generated/api/dossier';
import { canOn } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { careTeamSubject, placementSubject } from './subjects';

export function placementView(p: PlacementRecord): Placement {
  return { ...p, legalBasisLabel: (legalBasisLabels as Record<string, string>)[p.legalBasis] ?? p.legalBasis };
}

export function careTeamView(m: CareTeamRecord, today: string): CareTeamMember {
  return { ...m, roleLabel: (careTeamRoleLabels as Record<string, string>)[m.role] ?? m.role, active: coversDay(m, today) };
}

/**
 * The dossier as the API shows it. The caller has checked that the user may read the dossier;
 * placements and care team are then limited to what the user's rules let them read.
 */
export async function loadDossierView(db: Db | Tx, ctx: RequestContext, id: string, today: string): Promise<Dossier> {
  const d = await getDossier(db, id);
  if (!d) throw new AppError('NOT_FOUND');
  const placements = (await listPlacements(db, id)).filter((p) => canOn(ctx, 'read', 'Placement', placementSubject(p))).map(placementView);
  const careTeam = canOn(ctx, 'read', 'CareTeamMember', careTeamSubject(d)) ? (await listCareTeam(db, id)).map((m) => careTeamView(m, today)) : [];
  return {
    id: d.id,
    number: d.number,
    identity: d.identity,
    identityStatus: d.identityStatus,
    identityStatusLabel: identityStatusLabels[d.identityStatus],
    identityDocumentType: d.identityDocumentType,
    identityCheckedAt: d.identityCheckedAt?.toISOString() ?? null,
    ins: { matricule: d.insMatricule, oid: d.insOid, retrievedAt: d.insRetrievedAt?.toISOString() ?? null },
    status: d.status,
    establishmentId: d.establishmentId,
    unitId: d.unitId,
    currentPlacement: currentPeriod(placements, today),
    placements,
    careTeam,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    lockVersion: d.lockVersion,
  };
}
