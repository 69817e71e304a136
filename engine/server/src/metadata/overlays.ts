import { AppError, type ArtefactKind, type LayerConflict, type OverlayOperation, type ProfileRule, computeEffective, contentHash } from '@cordee/core';
import { type OverlayRow, bumpMetadataGeneration, getOverlay, latestVersion, layerRuleIssues, recordAudit, saveOverlay, toLayerPatch, toPublishedBase } from '@cordee/db';
import type { EstablishmentOverlay } from '@cordee/metadata/generated/metadata/establishment-overlay';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { invalidateEffectiveCache } from './effective';

export interface OverlayView {
  kind: ArtefactKind;
  key: string;
  layer: OverlayRow['layer'];
  ownerId: string;
  baseVersion: string;
  currentVersion: string;
  operations: OverlayOperation[];
  description: string | null;
  revision: number;
  /** Operations of this layer that no longer apply to the current shared version, with the reason. */
  conflicts: LayerConflict[];
}

/** For an establishment: its organisme's patch goes first, so its own is checked on top of it. */
async function lowerLayers(deps: AppDeps, kind: ArtefactKind, key: string, layer: OverlayRow['layer'], ownerId: string) {
  if (layer === 'organisme') return [];
  const establishment = await deps.db('establishment').where({ id: ownerId }).first('organisme_id');
  if (!establishment) throw new AppError('NOT_FOUND');
  const organismeLayer = await getOverlay(deps.db, kind, key, 'organisme', establishment.organisme_id as string);
  return organismeLayer ? [toLayerPatch(organismeLayer)] : [];
}

function conflictsOfLayer(kind: ArtefactKind, base: ReturnType<typeof toPublishedBase>, lower: ReturnType<typeof toLayerPatch>[], own: ReturnType<typeof toLayerPatch>): LayerConflict[] {
  return computeEffective(kind, base, [...lower, own]).conflicts.filter((c) => c.overlayId === own.overlayId);
}

export async function overlayView(deps: AppDeps, kind: ArtefactKind, key: string, layer: OverlayRow['layer'], ownerId: string): Promise<OverlayView> {
  const row = await getOverlay(deps.db, kind, key, layer, ownerId);
  if (!row) throw new AppError('NOT_FOUND', { detail: 'Aucune adaptation enregistrée pour cet artefact.' });
  const base = await latestVersion(deps.db, kind, key);
  if (!base) throw new AppError('NOT_FOUND');
  const lower = await lowerLayers(deps, kind, key, layer, ownerId);
  return {
    kind,
    key,
    layer,
    ownerId,
    baseVersion: row.base_version,
    currentVersion: base.version,
    operations: row.operations,
    description: row.description,
    revision: row.revision,
    conflicts: conflictsOfLayer(kind, toPublishedBase(base), lower, toLayerPatch(row)),
  };
}

/**
 * Saves a layer's patch after checking that every operation applies to the current shared version
 * (on top of the organisme's patch): a refused operation (locked legal content, loosening, unknown
 * target) refuses the whole save with the reasons, and nothing is written.
 */
export async function putOverlay(deps: AppDeps, ctx: RequestContext, layer: OverlayRow['layer'], ownerId: string, kind: ArtefactKind, key: string, body: EstablishmentOverlay): Promise<OverlayView> {
  if (body.target.kind !== kind || body.target.key !== key) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/target', message: `La cible doit être ${kind} « ${key} », comme dans l’adresse.` }] });
  }
  const operations = body.operations as unknown as OverlayOperation[];
  if (kind === 'profile') {
    const issues = operations.flatMap((op, i) => (op.op === 'addRules' ? layerRuleIssues(op.rules as ProfileRule[], `/operations/${i}/rules`) : []));
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
  }
  await deps.db.transaction(async (trx) => {
    const base = await latestVersion(trx, kind, key);
    if (!base) throw new AppError('NOT_FOUND', { detail: 'L’artefact partagé n’a pas de version publiée.' });
    if (body.baseVersion !== base.version) {
      throw new AppError('CONFLICT', { detail: `L’adaptation doit être faite sur la version en vigueur (${base.version}), pas sur ${body.baseVersion}.` });
    }
    const lower = await lowerLayers(deps, kind, key, layer, ownerId);
    const hash = contentHash({ baseVersion: body.baseVersion, operations });
    const candidate = { layer, overlayId: 'candidate', revision: 0, contentHash: hash, operations };
    const conflicts = conflictsOfLayer(kind, toPublishedBase(base), lower, candidate);
    if (conflicts.length > 0) {
      throw new AppError('OVERLAY_CONFLICT', {
        issues: conflicts.map((c) => ({ path: `/operations/${c.index}`, message: c.reason })),
        extensions: { conflicts },
      });
    }
    const saved = await saveOverlay(trx, { kind, key, layer, ownerId, baseVersion: body.baseVersion, operations, description: body.description ?? null, contentHash: hash, accountId: ctx.user?.accountId ?? null });
    await bumpMetadataGeneration(trx);
    await recordAudit(
      trx,
      auditEvent(ctx, {
        action: 'metadata.overlay.save',
        targetType: kind,
        targetId: `${key}@${layer}:${ownerId}`,
        ...(layer === 'establishment' ? { establishmentId: ownerId } : {}),
        detail: { revision: saved.revision, operations: operations.length },
      }),
    );
  });
  invalidateEffectiveCache(deps);
  return overlayView(deps, kind, key, layer, ownerId);
}
