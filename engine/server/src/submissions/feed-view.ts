import { AppError, pruneAnswers } from '@cordee/core';
import { type FeedItem, recordAudit } from '@cordee/db';
import type { FormFeed } from '@cordee/metadata/generated/api/form-feed';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { effectiveByHash } from '../metadata/effective';
import { hiddenFields } from './field-access';
import { mayListReaders } from './readers';
import { submissionSubject } from './subjects';

const displayName = (i: FeedItem) => `${(i.dossierUsedName ?? i.dossierBirthName).toUpperCase()} ${i.dossierUsedFirstName ?? i.dossierFirstNames}`;

/**
 * Submissions across dossiers as a feed shows them: the fields the user may not read on each never
 * leave the server; whether the user read each, and how many did when the user may see who read.
 */
export async function feedItems(deps: AppDeps, ctx: RequestContext, rows: readonly FeedItem[]): Promise<FormFeed['items']> {
  const items: FormFeed['items'] = [];
  for (const row of rows) {
    const effective = await effectiveByHash(deps, row.effectiveHash);
    if (!effective) throw new AppError('INTERNAL', { detail: `effective artefact ${row.effectiveHash} is missing` });
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
      data: pruneAnswers(row.data, hiddenFields(ctx, submissionSubject(row), effective)),
      readByMe: row.readByMe,
      readers: mayListReaders(ctx, row) ? row.readerCount : null,
    });
  }
  return items;
}

/** One `submission.list` event per child whose submissions a feed showed: each child's access log shows the read. */
export async function auditFeedRead(deps: AppDeps, ctx: RequestContext, rows: readonly FeedItem[], detail: Record<string, unknown>): Promise<void> {
  for (const dossierId of new Set(rows.map((r) => r.dossierId))) {
    const ofDossier = rows.filter((r) => r.dossierId === dossierId);
    await recordAudit(
      deps.db,
      auditEvent(ctx, {
        action: 'submission.list',
        targetType: 'submission',
        dossierId,
        establishmentId: ofDossier[0]!.establishmentId,
        detail: { ...detail, submissionIds: ofDossier.map((r) => r.id) },
      }),
    );
  }
}
