import { AppError, encodeCursor, pruneAnswers } from '@cordee/core';
import { listFormFeed, recordAudit, submissionColumns } from '@cordee/db';
import type { FormFeed } from '@cordee/metadata/generated/api/form-feed';
import type { FormFeedQuery } from '@cordee/metadata/generated/api/form-feed-query';
import type { AppDeps } from '../deps';
import { listFilter } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { effectiveByHash } from '../metadata/effective';
import { hiddenFields } from '../submissions/field-access';
import { submissionSubject } from '../submissions/subjects';

const displayName = (i: { dossierBirthName: string; dossierUsedName: string | null; dossierFirstNames: string; dossierUsedFirstName: string | null }) =>
  `${(i.dossierUsedName ?? i.dossierBirthName).toUpperCase()} ${i.dossierUsedFirstName ?? i.dossierFirstNames}`;

/** `GET /api/submissions?form=`: one form's submissions across dossiers — a unit's transmissions, a week of presences. */
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
          access: listFilter(ctx, 'read', 'Submission', submissionColumns),
          formKey: query.form,
          ...(query.unit ? { unitId: query.unit } : {}),
          ...(query.establishment ? { establishmentId: query.establishment } : {}),
          ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
          ...(query.createdTo ? { createdTo: query.createdTo } : {}),
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const items: FormFeed['items'] = [];
        for (const row of page) {
          const effective = await effectiveByHash(deps, row.effectiveHash);
          if (!effective) throw new AppError('INTERNAL', { detail: `effective artefact ${row.effectiveHash} is missing` });
          // field permissions: what the user may not read on this submission never leaves the server
          const hidden = hiddenFields(ctx, submissionSubject(row), effective);
          items.push({
            id: row.id,
            dossierId: row.dossierId,
            dossierName: displayName(row),
            unitId: row.unitId,
            formKey: row.formKey,
            status: row.status,
            revision: row.currentRevision,
            authorName: row.authorName,
            createdAt: row.createdAt.toISOString(),
            updatedAt: row.updatedAt.toISOString(),
            data: pruneAnswers(row.data, hidden),
          });
        }
        // each child's access log shows the read
        for (const dossierId of new Set(page.map((r) => r.dossierId))) {
          const ofDossier = page.filter((r) => r.dossierId === dossierId);
          await recordAudit(
            deps.db,
            auditEvent(ctx, {
              action: 'submission.list',
              targetType: 'submission',
              dossierId,
              establishmentId: ofDossier[0]!.establishmentId,
              detail: { view: 'form_feed', form: query.form, unit: query.unit ?? null, submissionIds: ofDossier.map((r) => r.id) },
            }),
          );
        }
        const last = page[page.length - 1];
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
      },
    }),
  ];
}
