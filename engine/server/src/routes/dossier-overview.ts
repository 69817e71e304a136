import {
  AppError,
  type TimelineEvent,
  ageOn,
  dayInstant,
  decodeCursor,
  deniedFields,
  dossierStatusLabels,
  encodeCursor,
  identityStatusLabels,
  isAtOrUnder,
  localDate,
  pageTimeline,
  validationError,
} from '@cordee/core';
import {
  type DossierAccessRecord,
  effectiveHashesOfDossier,
  findDossierAccessRecord,
  findEstablishment,
  findUnit,
  latestFinalGrids,
  listArtefacts,
  listIdentityStatusEvents,
  listRevisionEvents,
  recordAudit,
  submissionCountsByForm,
} from '@cordee/db';
import type { Dossier } from '@cordee/metadata/generated/api/dossier';
import type { DossierSynthesis } from '@cordee/metadata/generated/api/dossier-synthesis';
import type { DossierTimeline } from '@cordee/metadata/generated/api/dossier-timeline';
import type { DossierTimelineQuery } from '@cordee/metadata/generated/api/dossier-timeline-query';
import type { AppDeps } from '../deps';
import { readPurpose } from '../dossiers/break-glass-read';
import { loadDossierView } from '../dossiers/dossier-view';
import { dossierSubject } from '../dossiers/subjects';
import { canOn, requireUser } from '../http/authorize';
import { effectiveFor } from '../metadata/effective';
import { guardedOf } from '../submissions/field-access';
import { readableSubmissionsFilter } from '../submissions/readable-forms';
import { submissionSubject } from '../submissions/subjects';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { portalAccountActions } from '../dossiers/portal-account-actions';

const TAGS = ['Dossiers'];

/** The dossier's access record when the user may read it; a refused read is audited and answered like an unknown id. */
export async function readableDossier(deps: AppDeps, ctx: RequestContext, id: string, action: string): Promise<DossierAccessRecord> {
  const access = await findDossierAccessRecord(deps.db, id);
  if (!access) throw new AppError('NOT_FOUND');
  if (!canOn(ctx, 'read', 'Dossier', dossierSubject(access))) {
    await recordAudit(deps.db, auditEvent(ctx, { action, targetType: 'dossier', targetId: access.id, dossierId: access.id, establishmentId: access.establishmentId, outcome: 'denied' }));
    throw new AppError('NOT_FOUND');
  }
  return access;
}

export async function auditRead(deps: AppDeps, ctx: RequestContext, access: DossierAccessRecord, action: string, detail: Record<string, unknown>): Promise<void> {
  const purpose = await readPurpose(deps.db, ctx, access, 'care', deps.clock.now());
  await recordAudit(
    deps.db,
    auditEvent(ctx, { action, targetType: 'dossier', targetId: access.id, dossierId: access.id, establishmentId: access.establishmentId, purpose: purpose.purpose, detail: { ...detail, ...purpose.detail } }),
  );
}

function timelinePosition(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  const [at, key] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof key !== 'string' || key.length === 0) {
    throw validationError([{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }]);
  }
  return [at, key];
}

/** The events of the dossier's own records: creation, identity status, placements and care team (already limited to what the user may read). */
function recordEvents(view: Dossier, identityChanges: Awaited<ReturnType<typeof listIdentityStatusEvents>>): TimelineEvent[] {
  const events: TimelineEvent[] = [{ key: `dossier:${view.id}`, at: new Date(view.createdAt).toISOString(), kind: 'dossier_created', label: 'Création du dossier', actorName: null, submissionId: null }];
  for (const c of identityChanges) {
    const to = (identityStatusLabels as Record<string, string>)[c.toStatus] ?? c.toStatus;
    events.push({ key: `identity:${c.id}`, at: c.at.toISOString(), kind: 'identity_status', label: `Identité : statut « ${to} »`, actorName: c.changedByName, submissionId: null });
  }
  for (const p of view.placements) {
    events.push({ key: `placement-start:${p.id}`, at: dayInstant(p.startDate), kind: 'placement_start', label: `Début du placement (${p.legalBasisLabel})`, actorName: null, submissionId: null });
    if (p.endDate) events.push({ key: `placement-end:${p.id}`, at: dayInstant(p.endDate), kind: 'placement_end', label: `Fin du placement (${p.legalBasisLabel})`, actorName: null, submissionId: null });
  }
  for (const m of view.careTeam) {
    events.push({ key: `care-team-start:${m.id}`, at: dayInstant(m.startDate), kind: 'care_team_start', label: `${m.displayName} rejoint l’équipe (${m.roleLabel})`, actorName: null, submissionId: null });
    if (m.endDate) events.push({ key: `care-team-end:${m.id}`, at: dayInstant(m.endDate), kind: 'care_team_end', label: `${m.displayName} quitte l’équipe (${m.roleLabel})`, actorName: null, submissionId: null });
  }
  return events;
}

/**
 * The published forms and grids the user may start for this dossier: allowed to create the
 * submission, and to write at least one of its fields (a form whose every field is denied to the
 * user — a psychologist's notes for an éducateur — is not offered).
 */
async function writableForms(
  deps: AppDeps,
  ctx: RequestContext,
  access: DossierAccessRecord,
  artefacts: Array<{ kind: string; key: string; title: string | null }>,
): Promise<Array<{ kind: 'form' | 'grid'; key: string; title: string | null }>> {
  const user = requireUser(ctx);
  const ability = user.ability;
  const out: Array<{ kind: 'form' | 'grid'; key: string; title: string | null }> = [];
  for (const a of artefacts) {
    const kind = a.kind as 'form' | 'grid';
    // the submission the user would create: they would be its author
    const record = submissionSubject({ dossierId: access.id, establishmentId: access.establishmentId, unitId: access.unitId, formKind: kind, formKey: a.key, status: 'draft', createdBy: user.accountId });
    if (!canOn(ctx, 'create', 'Submission', record)) continue;
    const effective = await effectiveFor(deps, kind, a.key, access.establishmentId);
    const fields = guardedOf(effective).filter((f) => !f.serverOwned);
    const denied = deniedFields(ability, 'create', record, a.key, fields);
    if (fields.length > 0 && fields.every((f) => denied.some((d) => isAtOrUnder(f.path, d)))) continue;
    out.push({ kind, key: a.key, title: a.title });
  }
  return out;
}

/** The fiche de synthèse of a dossier the user may read, limited to what they may read (the JSON, and the data of its PDF). */
export async function buildSynthesis(deps: AppDeps, ctx: RequestContext, access: DossierAccessRecord): Promise<DossierSynthesis> {
  const day = localDate(deps.clock.now());
  const view = await loadDossierView(deps.db, ctx, access.id, day);
  // the submissions the user may read, without those of which they may read no field (not even their existence is shown)
  const submissionAccess = await readableSubmissionsFilter(deps, ctx, await effectiveHashesOfDossier(deps.db, access.id));
  const [grids, forms, artefacts] = await Promise.all([
    latestFinalGrids(deps.db, { access: submissionAccess, dossierId: access.id }),
    submissionCountsByForm(deps.db, { access: submissionAccess, dossierId: access.id }),
    Promise.all([listArtefacts(deps.db, 'form'), listArtefacts(deps.db, 'grid')]),
  ]);
  const creatableForms = await writableForms(
    deps,
    ctx,
    access,
    artefacts.flat().filter((a) => a.latestVersion !== null),
  );
  const placement = view.currentPlacement;
  const [establishment, unit] = placement
    ? await Promise.all([findEstablishment(deps.db, placement.establishmentId), placement.unitId ? findUnit(deps.db, placement.unitId) : null])
    : [null, null];
  const identity = view.identity;
  return {
    dossierId: view.id,
    number: view.number,
    displayName: `${(identity.usedName ?? identity.birthName).toUpperCase()} ${identity.usedFirstName ?? identity.firstNames.split(' ')[0] ?? ''}`.trim(),
    birthDate: identity.birthDate,
    ageYears: Math.max(0, ageOn(identity.birthDate, day)),
    identityStatusLabel: view.identityStatusLabel,
    status: view.status,
    statusLabel: dossierStatusLabels[view.status],
    placement: placement
      ? { startDate: placement.startDate, endDate: placement.endDate, legalBasisLabel: placement.legalBasisLabel, establishmentName: establishment?.name ?? '', unitName: unit?.name ?? null }
      : null,
    referents: view.careTeam.filter((m) => m.active).map((m) => ({ displayName: m.displayName, roleLabel: m.roleLabel })),
    grids: grids.map((g) => ({
      submissionId: g.submissionId,
      formKey: g.formKey,
      title: g.title,
      capturedAt: g.capturedAt.toISOString(),
      scores: Object.entries(g.gridResult.scores).map(([id, value]) => ({ id, value, band: g.gridResult.bands[id]?.label ?? null })),
      alerts: g.gridResult.alerts.map((a) => a.message),
    })),
    forms: forms.map((f) => ({ formKey: f.formKey, formKind: f.formKind, count: f.count, lastAt: f.lastAt.toISOString() })),
    generatedAt: deps.clock.now().toISOString(),
    actions: {
      updateDossier: canOn(ctx, 'update', 'Dossier', dossierSubject(access)),
      readAccessLog: canOn(ctx, 'read', 'AccessLog', { ...access }),
      creatableForms,
      portalAccounts: portalAccountActions(ctx, access),
    },
  };
}

/** `GET /api/dossiers/{id}/synthesis` (fiche de synthèse) and `GET /api/dossiers/{id}/timeline`. */
export function dossierOverviewRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  return [
    route({
      method: 'get',
      path: '/api/dossiers/:id/synthesis',
      summary: 'La fiche de synthèse : identité, placement en cours, équipe, dernières grilles et saisies, selon les habilitations',
      tags: TAGS,
      access: { action: 'read', subject: 'Dossier' },
      response: 'api/dossier-synthesis',
      handler: async ({ ctx, params }): Promise<DossierSynthesis> => {
        const access = await readableDossier(deps, ctx, params.id!, 'dossier.synthesis.read');
        const synthesis = await buildSynthesis(deps, ctx, access);
        await auditRead(deps, ctx, access, 'dossier.synthesis.read', { grids: synthesis.grids.map((g) => g.submissionId), forms: synthesis.forms.length });
        return synthesis;
      },
    }),
    route<unknown, DossierTimelineQuery>({
      method: 'get',
      path: '/api/dossiers/:id/timeline',
      summary: 'Tout ce qui est arrivé au dossier, du plus récent au plus ancien, selon les habilitations',
      tags: TAGS,
      access: { action: 'read', subject: 'Dossier' },
      query: 'api/dossier-timeline-query',
      response: 'api/dossier-timeline',
      handler: async ({ ctx, params, query }): Promise<DossierTimeline> => {
        const limit = query.limit ?? 50;
        const after = timelinePosition(query.cursor);
        const access = await readableDossier(deps, ctx, params.id!, 'dossier.timeline.read');
        const view = await loadDossierView(deps.db, ctx, access.id, today());
        // each revision as the form it was captured with shows it: none of whose fields the user may read is left out
        const revisionAccess = await readableSubmissionsFilter(deps, ctx, await effectiveHashesOfDossier(deps.db, access.id));
        const [identityChanges, revisions] = await Promise.all([
          listIdentityStatusEvents(deps.db, access.id),
          // one more than the page, at or before the position: the merge below decides ties by key
          listRevisionEvents(deps.db, { access: revisionAccess, dossierId: access.id, ...(after ? { atOrBefore: new Date(after[0]) } : {}), limit: limit + 1 }),
        ]);
        const events = recordEvents(view, identityChanges);
        for (const r of revisions) {
          const what = r.title ?? r.formKey;
          const label = r.revision === 1 ? `${what} : ${r.status === 'final' ? 'saisie' : 'brouillon'}` : `${what} : révision ${r.revision}${r.status === 'draft' ? ' (brouillon)' : ''}`;
          events.push({ key: `submission:${r.submissionId}:${String(r.revision).padStart(6, '0')}`, at: r.at.toISOString(), kind: 'submission', label, actorName: r.authorName, submissionId: r.submissionId });
        }
        const page = pageTimeline(events, limit, after);
        await auditRead(deps, ctx, access, 'dossier.timeline.read', { count: page.items.length, page: after !== undefined });
        return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
      },
    }),
  ];
}
