import { AppError, categoryField, pathField } from '@cordee/core';
import { type AccessFilter, accessFilter, submissionColumns } from '@cordee/db';
import type { AppDeps } from '../deps';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { effectiveByHash } from '../metadata/effective';
import { guardedOf } from './field-access';

type Where = Extract<AccessFilter, { kind: 'some' }>['where'];

/**
 * The SQL filter of the submissions a user may read AND of which they may read at least one field:
 * a submission whose every field is denied to the user (a psychologist's notes for a parent, a
 * transmission for the secretariat) is not even shown to exist — in a dossier's list, a feed, the
 * timeline or the synthesis counts alike. The form of each row is the effective artefact in
 * `hashColumn` (`r`: the revision the view shows), among `hashes` (the candidates; a row captured
 * with another one is left out). A field is readable on a row where a rule granting its category
 * matches the row (docs/adr/0006-field-permissions.md); a field without category follows the
 * record. A field named by a `path:` rule counts as readable wherever the record is: such rules
 * are weighed against the category in memory only, so the list may then show a row whose answers
 * are all pruned, never hide one that has a readable field.
 */
export async function readableSubmissionsFilter(deps: AppDeps, ctx: RequestContext, hashes: readonly string[], hashColumn = 'r.effective_hash'): Promise<AccessFilter> {
  const ability = requireUser(ctx).ability;
  const records = accessFilter(ability, 'read', 'Submission', submissionColumns);
  if (records.kind === 'nothing') return records;
  const named = new Set(ability.possibleRulesFor('read', 'Submission').flatMap((r) => r.fields ?? []));
  const open: string[] = [];
  const byCategory = new Map<string, string[]>();
  for (const hash of new Set(hashes)) {
    const effective = await effectiveByHash(deps, hash);
    if (!effective) throw new AppError('INTERNAL', { detail: `effective artefact ${hash} is missing` });
    const fields = guardedOf(effective);
    if (fields.length === 0 || fields.some((f) => !f.category || named.has(pathField(effective.key, f.path)))) {
      open.push(hash);
      continue;
    }
    for (const category of new Set(fields.map((f) => f.category!))) byCategory.set(category, [...(byCategory.get(category) ?? []), hash]);
  }
  const readable: Where[] = [];
  if (open.length > 0) readable.push((qb) => qb.whereIn(hashColumn, open));
  for (const [category, ofCategory] of byCategory) {
    const granted = accessFilter(ability, 'read', 'Submission', submissionColumns, categoryField(category));
    if (granted.kind === 'nothing') continue;
    readable.push((qb) => {
      qb.whereIn(hashColumn, ofCategory);
      if (granted.kind === 'some') qb.where(granted.where);
    });
  }
  if (readable.length === 0) return { kind: 'nothing' };
  return {
    kind: 'some',
    where: (qb) => {
      if (records.kind === 'some') qb.where(records.where);
      qb.where((outer) => readable.forEach((r) => outer.orWhere(r)));
    },
  };
}
