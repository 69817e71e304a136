import { AppError, decodeCursor, encodeCursor, isUuid, dayRangeIssues, validationError } from '@cordee/core';
import { type AgendaScope, AGENDA_EVENT_FORM, effectiveHashesOfForm, findUnit, listAgendaEvents } from '@cordee/db';
import type { AgendaQuery } from '@cordee/metadata/generated/api/agenda-query';
import type { FormFeed } from '@cordee/metadata/generated/api/form-feed';
import type { AppDeps } from '../deps';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { auditFeedRead, feedItems } from '../submissions/feed-view';
import { readableSubmissionsFilter } from '../submissions/readable-forms';
import { readableDossier } from './dossier-overview';

/** The longest period one request lists (two months: a month view with its edges). */
const MAX_DAYS = 62;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function agendaCursor(cursor: string | undefined): [string, string, string] | undefined {
  if (cursor === undefined) return undefined;
  const [day, time, id] = decodeCursor(cursor, 3);
  if (typeof day !== 'string' || !DAY.test(day) || typeof time !== 'string' || time.length > 5 || typeof id !== 'string' || !isUuid(id)) {
    throw validationError([{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }]);
  }
  return [day, time, id];
}

/** The scope asked for, with only the parameter it needs; a dossier must be readable (404 otherwise), a unit must exist. */
async function scopeOf(deps: AppDeps, ctx: RequestContext, query: AgendaQuery): Promise<AgendaScope> {
  const scope = query.scope ?? 'mine';
  const extra = (['unit', 'dossier'] as const).filter((p) => query[p] !== undefined && p !== scope);
  if (extra.length > 0) throw validationError(extra.map((p) => ({ path: `/${p}`, message: `Ce paramètre ne va pas avec scope=${scope}.` })));
  if (scope === 'mine') return { participantAccountId: requireUser(ctx).accountId };
  const id = query[scope];
  if (!id) throw validationError([{ path: `/${scope}`, message: scope === 'unit' ? 'Indiquez l’unité.' : 'Indiquez le dossier.' }]);
  if (scope === 'unit') {
    if (!(await findUnit(deps.db, id))) throw new AppError('NOT_FOUND', { detail: 'Cette unité est introuvable.' });
    return { unitId: id };
  }
  return { dossierId: (await readableDossier(deps, ctx, id, 'submission.list')).id };
}

/**
 * `GET /api/agenda`: the events of the pack's agenda form over a period, day by day — "my agenda"
 * (where the user's account is among the participants, across the dossiers they may read), a
 * unit's, or a child's. One query for the three; rules, period and scope are all in SQL.
 */
export function agendaRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, AgendaQuery>({
      method: 'get',
      path: '/api/agenda',
      summary: 'Les évènements d’agenda d’une période (au plus 63 jours) : les miens, ceux d’une unité ou d’un enfant, par jour et heure, selon les habilitations',
      tags: ['Saisies'],
      access: { action: 'read', subject: 'Submission' },
      query: 'api/agenda-query',
      response: 'api/form-feed',
      handler: async ({ ctx, query }): Promise<FormFeed> => {
        const issues = dayRangeIssues(query.from, query.to, MAX_DAYS);
        if (issues.length > 0) throw validationError(issues);
        const scope = await scopeOf(deps, ctx, query);
        const after = agendaCursor(query.cursor);
        const limit = query.limit ?? 200;
        const rows = await listAgendaEvents(deps.db, {
          access: await readableSubmissionsFilter(deps, ctx, await effectiveHashesOfForm(deps.db, AGENDA_EVENT_FORM)),
          readerId: requireUser(ctx).accountId,
          from: query.from,
          to: query.to,
          scope,
          ...(after ? { after } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const items = await feedItems(deps, ctx, page);
        await auditFeedRead(deps, ctx, page, { view: 'agenda', form: AGENDA_EVENT_FORM, scope: query.scope ?? 'mine', from: query.from, to: query.to, unit: query.unit ?? null });
        const last = page[page.length - 1];
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.day, last.startTime, last.id]) : null };
      },
    }),
  ];
}
