import { createMongoAbility } from '@casl/ability';
import { AppError, BREAK_GLASS_REASON, type GuardedField, deniedFields, fieldsOnlyByBreakGlass, forbiddenChanges, guardedFields, isAtOrUnder, restoreHidden } from '@cordee/core';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import type { EffectiveArtefact } from '../metadata/effective';
import { fieldsOf } from './capture';

type Json = Record<string, unknown>;

const guardedCache = new WeakMap<EffectiveArtefact, GuardedField[]>();

/** The fields of an effective form with the category each falls under (cached with the effective artefact). */
export function guardedOf(effective: EffectiveArtefact): GuardedField[] {
  let fields = guardedCache.get(effective);
  if (!fields) {
    fields = guardedFields(fieldsOf(effective));
    guardedCache.set(effective, fields);
  }
  return fields;
}

/** The fields of a form the user may not read on this record (its permission subject): pruned from every answer shown. */
export function hiddenFields(ctx: RequestContext, record: Json, effective: EffectiveArtefact): string[] {
  return deniedFields(requireUser(ctx).ability, 'read', record, effective.key, guardedOf(effective));
}

/**
 * Whether the user may read none of the answers of this record: such a record is not shown to
 * exist, by id as in lists (the SQL counterpart is `readableSubmissionsFilter`). A field without a
 * category follows the record, so a form with one is always readable with the record.
 */
export function readsNothing(ctx: RequestContext, record: Json, effective: EffectiveArtefact): boolean {
  const fields = guardedOf(effective);
  if (fields.length === 0) return false;
  const hidden = hiddenFields(ctx, record, effective);
  return fields.every((f) => !!f.category && hidden.some((h) => isAtOrUnder(f.path, h)));
}

/**
 * What a form shows this user on this record: the fields they may not read (`hiddenPaths`, never
 * rendered) and those they may read but not write with this action (`readOnlyPaths`). Server-owned
 * fields (computed, read-only) are read-only by the schema already.
 */
export function fieldAccess(ctx: RequestContext, record: Json, effective: EffectiveArtefact, write: 'create' | 'update'): { hiddenPaths: string[]; readOnlyPaths: string[] } {
  const ability = requireUser(ctx).ability;
  const fields = guardedOf(effective);
  const hiddenPaths = deniedFields(ability, 'read', record, effective.key, fields);
  const readable = fields.filter((f) => !f.serverOwned && !hiddenPaths.some((h) => isAtOrUnder(f.path, h)));
  return { hiddenPaths, readOnlyPaths: deniedFields(ability, write, record, effective.key, readable) };
}

/**
 * The fields this read shows only thanks to a break-glass grant (the medical record for the
 * direction): such a read is flagged in the audit with the purpose `break_glass`, like a dossier
 * opened that way.
 */
export function revealedByBreakGlass(ctx: RequestContext, record: Json, effective: EffectiveArtefact): string[] {
  const ability = requireUser(ctx).ability;
  if (fieldsOnlyByBreakGlass(ability).length === 0) return [];
  const ordinary = createMongoAbility(ability.rules.filter((rule) => rule.reason !== BREAK_GLASS_REASON));
  const fields = guardedOf(effective);
  const hiddenWithGlass = new Set(deniedFields(ability, 'read', record, effective.key, fields));
  return deniedFields(ordinary, 'read', record, effective.key, fields).filter((path) => !hiddenWithGlass.has(path));
}

/**
 * The answers a write stores, field permissions applied (docs/adr/0006-field-permissions.md): what
 * the user may not see is kept from the previous answers when left out, and a change to a field the
 * user may not write (`create` or `update` on that record) is refused with 403 naming each field.
 * Computed and read-only fields belong to the server and are not the user's to write.
 */
export function answersToStore(ctx: RequestContext, action: 'create' | 'update', record: Json, effective: EffectiveArtefact, previous: Json, submitted: Json): Json {
  const ability = requireUser(ctx).ability;
  const fields = guardedOf(effective);
  const merged = restoreHidden(submitted, previous, deniedFields(ability, 'read', record, effective.key, fields));
  const locked = deniedFields(ability, action, record, effective.key, fields.filter((f) => !f.serverOwned));
  const forbidden = forbiddenChanges(previous, merged, locked);
  if (forbidden.length > 0) {
    throw new AppError('FIELD_NOT_WRITABLE', {
      issues: forbidden.map((path) => {
        const category = fields.find((f) => locked.includes(f.path) && isAtOrUnder(path, f.path))?.category;
        return { path: `/data${path}`, message: `Vos habilitations ne permettent pas de modifier ce champ${category ? ` (catégorie « ${category} »)` : ''}.` };
      }),
    });
  }
  return merged;
}

