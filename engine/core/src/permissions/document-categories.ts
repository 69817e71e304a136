import { createMongoAbility, subject as asSubject } from '@casl/ability';
import { expandPath } from '../forms/upgrade-answers';
import { type AppAbility, BREAK_GLASS_REASON } from './ability';
import { type GuardedField, SUBMISSION_SUBJECT, categoryField } from './field-permissions';

/**
 * The data categories a generated document shows: a document is readable only by who may read each
 * of them (a PDF rendered with its creator's rights must not open them to a reader with fewer).
 */

/** The categories of the fields that hold a value in these answers (already pruned of what the renderer could not read). */
export function answeredCategories(data: Record<string, unknown>, fields: readonly GuardedField[]): string[] {
  const categories = new Set<string>();
  for (const field of fields) {
    if (field.category && !categories.has(field.category) && expandPath(data, field.path).some((hit) => hit.value !== undefined && hit.value !== null)) categories.add(field.category);
  }
  return [...categories].sort();
}

/** The categories the ability does not let read on a submission-like record. */
export function unreadableCategories(ability: AppAbility, record: Record<string, unknown>, categories: readonly string[]): string[] {
  const target = asSubject(SUBMISSION_SUBJECT, { ...record });
  return categories.filter((category) => !ability.can('read', target, categoryField(category)));
}

/**
 * Whether content of these categories on this record may be read: `denied` if one of them may not,
 * `break_glass` if one of them only thanks to a break-glass grant (the read is then audited as
 * such), else `ordinary`.
 */
export function categoriesAccess(ability: AppAbility, record: Record<string, unknown>, categories: readonly string[]): 'denied' | 'break_glass' | 'ordinary' {
  if (unreadableCategories(ability, record, categories).length > 0) return 'denied';
  if (!ability.rules.some((rule) => rule.reason === BREAK_GLASS_REASON)) return 'ordinary';
  const ordinary = createMongoAbility(ability.rules.filter((rule) => rule.reason !== BREAK_GLASS_REASON));
  return unreadableCategories(ordinary, record, categories).length > 0 ? 'break_glass' : 'ordinary';
}
