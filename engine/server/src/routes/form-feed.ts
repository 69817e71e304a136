import { encodeCursor } from '@cordee/core';
import { effectiveHashesOfForm, listFormFeed } from '@cordee/db';
import type { FormFeed } from '@cordee/metadata/generated/api/form-feed';
import type { FormFeedQuery } from '@cordee/metadata/generated/api/form-feed-query';
import type { AppDeps } from '../deps';
import { requireUser } from '../http/authorize';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { auditFeedRead, feedItems } from '../submissions/feed-view';
import { readableSubmissionsFilter } from '../submissions/readable-forms';

/** `GET /api/submissions?form=`: one form's submissions across dossiers — a unit's transmissions (those not read yet), a week of presences. */
export function formFeedRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, FormFeedQuery>({
      method: 'get',
      path: '/api/submissions',
      summary: 'Les saisies d’un formulaire dans les dossiers d’une unité ou d’un établissement (transmissions, présences), les plus récentes d’abord, selon les habilitations',
      tags: ['Saisies'],
      access: { action: 'read', subject: 'Submission' },
      query: 'api/form-feed-query',
      response: 'api/form-feed',
      handler: async ({ ctx, query }): Promise<FormFeed> => {
        const limit = query.limit ?? 50;
        const rows = await listFormFeed(deps.db, {
          access: await readableSubmissionsFilter(deps, ctx, await effectiveHashesOfForm(deps.db, query.form)),
          formKey: query.form,
          readerId: requireUser(ctx).accountId,
          unreadOnly: query.unread ?? false,
          ...(query.unit ? { unitId: query.unit } : {}),
          ...(query.establishment ? { establishmentId: query.establishment } : {}),
          ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
          ...(query.createdTo ? { createdTo: query.createdTo } : {}),
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const items = await feedItems(deps, ctx, page);
        await auditFeedRead(deps, ctx, page, { view: 'form_feed', form: query.form, unit: query.unit ?? null, unread: query.unread ?? false });
        const last = page[page.length - 1];
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
      },
    }),
  ];
}
