import { AppError, compareGridResults, isAtOrUnder, pruneAnswers, pruneCarried, pruneComputed } from '@cordee/core';
import { type Db, type RevisionRecord, type SubmissionRecord, type Tx, getRevision, previousFinalGrid, submissionColumns } from '@cordee/db';
import type { Submission } from '@cordee/metadata/generated/api/submission';
import type { AppDeps } from '../deps';
import { listFilter } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { type EffectiveArtefact, effectiveByHash, effectiveFor } from '../metadata/effective';
import { fieldsOf, revalidate } from './capture';
import { fieldAccess, guardedOf } from './field-access';
import { submissionSubject } from './subjects';

/** The effective form a revision was captured with: always there (persisted in the revision's transaction). */
export async function effectiveOf(deps: AppDeps, revision: RevisionRecord): Promise<EffectiveArtefact> {
  const effective = await effectiveByHash(deps, revision.effectiveHash);
  if (!effective) throw new AppError('INTERNAL', { detail: `effective artefact ${revision.effectiveHash} is missing` });
  return effective;
}

export async function latestRevision(db: Db | Tx, submission: SubmissionRecord): Promise<RevisionRecord> {
  const revision = await getRevision(db, submission.id, submission.currentRevision);
  if (!revision) throw new AppError('INTERNAL', { detail: `revision ${submission.currentRevision} of ${submission.id} is missing` });
  return revision;
}

/**
 * A submission as the API shows it: its latest revision with the exact form it was captured with
 * (and re-validated with it), the grid's evolution since the previous final grid of the same key
 * for the dossier (among those the caller may read), the field categories, and whether a newer
 * form is in force for its establishment. The caller has checked that the user may read it.
 * `written`: the answer to a write, whose revision this very request validated and whose form the
 * client already has: neither re-validated nor the form's schema sent again.
 */
export async function submissionView(
  deps: AppDeps,
  db: Db | Tx,
  ctx: RequestContext,
  submission: SubmissionRecord,
  revision: RevisionRecord,
  effective: EffectiveArtefact,
  written = false,
): Promise<Submission> {
  let evolution: Submission['evolution'] = null;
  if (submission.formKind === 'grid' && revision.gridResult) {
    const previous = await previousFinalGrid(db, {
      access: listFilter(ctx, 'read', 'Submission', submissionColumns),
      dossierId: submission.dossierId,
      formKey: submission.formKey,
      beforeSubmissionId: submission.id,
    });
    if (previous) {
      evolution = {
        previousSubmissionId: previous.submissionId,
        previousCapturedAt: previous.capturedAt.toISOString(),
        previousVersion: previous.version,
        ...compareGridResults(previous.gridResult, revision.gridResult),
      };
    }
  }
  // field permissions: what the user may not read on this very submission never leaves the server
  const access = fieldAccess(ctx, submissionSubject(submission), effective, 'update');
  const hidden = access.hiddenPaths;
  const current = await effectiveFor(deps, submission.formKind, submission.formKey, submission.establishmentId);
  const issues = (written ? [] : revalidate(deps, effective, revision.data, revision.status)).filter((i) => !hidden.some((h) => isAtOrUnder(i.path, h)));
  return {
    id: submission.id,
    dossierId: submission.dossierId,
    establishmentId: submission.establishmentId,
    formKind: submission.formKind,
    formKey: submission.formKey,
    status: submission.status,
    revision: revision.revision,
    lockVersion: submission.lockVersion,
    createdBy: submission.createdBy,
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    form: {
      versionId: effective.baseVersionId,
      version: effective.baseVersion,
      effectiveHash: effective.hash,
      title: typeof effective.content.title === 'string' ? effective.content.title : null,
      ...(written ? {} : { schema: effective.content.schema as Record<string, unknown>, uiSchema: (effective.content.uiSchema as Record<string, unknown> | undefined) ?? {} }),
    },
    data: pruneAnswers(revision.data, hidden),
    computed: pruneComputed(revision.computed, hidden),
    // scores are computed from every item: shown only to whoever may read every item
    gridResult: hidden.length > 0 ? null : (revision.gridResult as unknown as Submission['gridResult']),
    evolution: hidden.length > 0 ? null : evolution,
    carried: pruneCarried(revision.carried, hidden, guardedOf(effective)),
    fields: fieldsOf(effective).map((f) => ({ path: f.path, category: f.category ?? null })),
    hiddenPaths: access.hiddenPaths,
    readOnlyPaths: access.readOnlyPaths,
    validation: { valid: issues.length === 0, issues },
    upgrade: { available: current.hash !== effective.hash, version: current.baseVersion, effectiveHash: current.hash },
  };
}
