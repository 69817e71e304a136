import { AppError, coversDay } from '@cordee/core';
import { type DossierRecord, type Tx, listPlacements, lockDossier, updateDossier } from '@cordee/db';
import { assertCanOn } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { assertNotArchived } from './archived';
import { dossierSubject } from './subjects';

/**
 * Locks the dossier row for the rest of the transaction (concurrent writes to one dossier queue
 * up) and checks the action on it: 404 when unknown or not readable, 403 when readable only,
 * 409 DOSSIER_ARCHIVED for a change to an archived (sealed) dossier.
 */
export async function lockDossierFor(trx: Tx, ctx: RequestContext, id: string, action: string): Promise<DossierRecord> {
  const dossier = await lockDossier(trx, id);
  if (!dossier) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, action, 'Dossier', dossierSubject(dossier));
  if (action !== 'read') assertNotArchived(dossier);
  return dossier;
}

/**
 * The dossier's establishment and unit follow the placement covering today. Returns where the
 * dossier is followed afterwards. Call it with the dossier locked.
 */
export async function followCurrentPlacement(trx: Tx, dossier: DossierRecord, today: string): Promise<{ establishmentId: string; unitId: string | null }> {
  const covering = (await listPlacements(trx, dossier.id)).find((p) => coversDay(p, today));
  if (!covering || (covering.establishmentId === dossier.establishmentId && covering.unitId === dossier.unitId)) {
    return { establishmentId: dossier.establishmentId, unitId: dossier.unitId };
  }
  await updateDossier(trx, dossier.id, { establishmentId: covering.establishmentId, unitId: covering.unitId });
  return { establishmentId: covering.establishmentId, unitId: covering.unitId };
}
