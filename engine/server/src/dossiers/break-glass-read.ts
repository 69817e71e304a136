import { allowedOnlyByBreakGlass } from '@cordee/core';
import { type Db, type DossierAccessRecord, activeBreakGlassId } from '@cordee/db';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { dossierSubject } from './subjects';

/** Dossiers among those the user reads that only a break-glass grant opens (the rest their rules give them anyway). */
export function readOnlyByBreakGlass(ctx: RequestContext, dossiers: readonly DossierAccessRecord[]): string[] {
  const { ability } = requireUser(ctx);
  return dossiers.filter((d) => allowedOnlyByBreakGlass(ability, 'read', 'Dossier', dossierSubject(d))).map((d) => d.id);
}

/**
 * The purpose a read of the dossier is audited with: the one the user gave, unless only a
 * break-glass grant lets them read it — then `break_glass`, with the grant, for its review.
 */
export async function readPurpose(db: Db, ctx: RequestContext, dossier: DossierAccessRecord, requested: string, now: Date): Promise<{ purpose: string; detail?: Record<string, unknown> }> {
  if (readOnlyByBreakGlass(ctx, [dossier]).length === 0) return { purpose: requested };
  const breakGlassId = await activeBreakGlassId(db, requireUser(ctx).accountId, dossier.id, now);
  return { purpose: 'break_glass', detail: { breakGlassId, requestedPurpose: requested } };
}
