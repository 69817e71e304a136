import { categoriesAccess, unreadableCategories } from '@cordee/core';
import { type AccessFilter, type DocumentRecord, documentCategoryScopes, documentColumns } from '@cordee/db';
import type { AppDeps } from '../deps';
import { listFilter, requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { submissionSubject } from '../submissions/subjects';

/**
 * A stored document shows the answers its creator could read when it was generated: reading it
 * requires reading each data category it rendered (`document.categories`), by the same field
 * permissions as the submissions. The categories are checked on a final record of the document's
 * dossier, captured in its establishment and written by its creator (so a category its author
 * alone may read — the reporter of an IP, a psychologist's notes — stays theirs). A document
 * generated before the categories were recorded is checked by the `Document` rules only.
 */
type Scope = Pick<DocumentRecord, 'dossierId' | 'establishmentId' | 'unitId' | 'createdBy'>;

const categorySubject = (d: Scope) => submissionSubject({ dossierId: d.dossierId, establishmentId: d.establishmentId, unitId: d.unitId, status: 'final', ...(d.createdBy ? { createdBy: d.createdBy } : {}) });

/** Whether the user may read what the document shows: `denied`, `break_glass` (thanks to a break-glass grant only: audited as such) or `ordinary`. */
export function documentContentAccess(ctx: RequestContext, document: DocumentRecord): 'denied' | 'break_glass' | 'ordinary' {
  return document.categories ? categoriesAccess(requireUser(ctx).ability, categorySubject(document), document.categories) : 'ordinary';
}

/** The SQL filter of a dossier's documents the user may read: the `Document` rules, without the documents showing a category the user may not read. */
export async function readableDocumentsFilter(deps: AppDeps, ctx: RequestContext, dossierId: string): Promise<AccessFilter> {
  const base = listFilter(ctx, 'read', 'Document', documentColumns);
  if (base.kind === 'nothing') return base;
  const ability = requireUser(ctx).ability;
  const denied: Array<{ establishmentId: string; createdBy: string | null; unreadable: string[] }> = [];
  for (const scope of await documentCategoryScopes(deps.db, dossierId)) {
    const unreadable = unreadableCategories(ability, categorySubject({ dossierId, ...scope }), scope.categories);
    if (unreadable.length > 0) denied.push({ establishmentId: scope.establishmentId, createdBy: scope.createdBy, unreadable });
  }
  if (denied.length === 0) return base;
  return {
    kind: 'some',
    where: (qb) => {
      if (base.kind === 'some') qb.where(base.where);
      for (const d of denied) {
        qb.whereNot((q) => {
          q.where('doc.establishment_id', d.establishmentId);
          if (d.createdBy === null) q.whereNull('doc.created_by');
          else q.where('doc.created_by', d.createdBy);
          q.whereRaw('coalesce(doc.categories && ?::text[], false)', [d.unreadable]);
        });
      }
    },
  };
}
