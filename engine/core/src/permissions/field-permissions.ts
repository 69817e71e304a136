import { subject as asSubject } from '@casl/ability';
import { canonicalJson } from '../audit/audit-entry';
import type { AnswerChange } from '../forms/answer-diff';
import type { FieldInfo } from '../forms/schema-fields';
import { type CarriedAnswer, expandPath } from '../forms/upgrade-answers';
import type { AppAbility } from './ability';

/**
 * Field-level permissions on submissions (docs/adr/0006-field-permissions.md). A rule names the
 * fields it grants in CASL's `fields`: `category:<category>` for every field of a data category of
 * the habilitation matrix, `path:<formKey><pointer>` for one field of one form. A field is granted
 * on a record only by a rule whose conditions match that record, so rows and fields are never
 * combined across rules.
 */
export const categoryField = (category: string) => `category:${category}`;
export const pathField = (formKey: string, path: string) => `path:${formKey}${path}`;

/** The subject checked for field permissions. */
export const SUBMISSION_SUBJECT = 'Submission';

type Json = Record<string, unknown>;

/** A field as the permission layer sees it: the category it falls under (its own, else its nearest group's). */
export interface GuardedField {
  path: string;
  category: string | null;
  /** Computed or read-only: the server writes it, so write permissions do not apply. */
  serverOwned: boolean;
}

const segments = (path: string) => (path === '' ? [] : path.split('/').slice(1));

/** The concrete path lies at or under the field pattern (`*` matches any list index). */
export function isAtOrUnder(concrete: string, pattern: string): boolean {
  const c = segments(concrete);
  const p = segments(pattern);
  return p.length <= c.length && p.every((seg, i) => seg === '*' || seg === c[i]);
}

export function guardedFields(fields: readonly FieldInfo[]): GuardedField[] {
  const categories = new Map<string, string>();
  return fields.map((f) => {
    let category = f.category ?? null;
    if (!category) {
      const segs = segments(f.path);
      for (let n = segs.length - 1; n > 0 && !category; n--) category = categories.get(`/${segs.slice(0, n).join('/')}`) ?? null;
    }
    if (category) categories.set(f.path, category);
    return { path: f.path, category, serverOwned: f.computed !== undefined || f.node.readOnly === true };
  });
}

/**
 * The fields the ability does not grant for this action on this record: the topmost ones (a denied
 * group hides what it contains). A matching rule naming the field's path decides before its
 * category; a field without category follows the record.
 */
export function deniedFields(ability: AppAbility, action: string, record: Json, formKey: string, fields: readonly GuardedField[]): string[] {
  const subject = asSubject(SUBMISSION_SUBJECT, { ...record });
  const named = new Set(
    ability
      .possibleRulesFor(action, SUBMISSION_SUBJECT)
      .flatMap((r) => r.fields ?? [])
      .filter((f) => f.startsWith('path:')),
  );
  const denied: string[] = [];
  for (const field of fields) {
    if (denied.some((d) => isAtOrUnder(field.path, d))) continue;
    const byPath = pathField(formKey, field.path);
    const pathRule = named.has(byPath) ? ability.relevantRuleFor(action, subject, byPath) : null;
    const allowed = pathRule?.fields?.includes(byPath) ? !pathRule.inverted : field.category ? ability.can(action, subject, categoryField(field.category)) : true;
    if (!allowed) denied.push(field.path);
  }
  return denied;
}

function removeAt(root: unknown, parts: readonly string[]): void {
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Json)[part];
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) delete (node as Json)[parts[parts.length - 1]!];
}

/** A copy of a value without what lies at the patterns (relative to the value). */
function pruneValue<T>(value: T, patterns: readonly string[]): T {
  if (patterns.length === 0 || value === null || typeof value !== 'object') return value;
  const copy = structuredClone(value);
  for (const pattern of patterns) for (const hit of expandPath(copy, pattern)) removeAt(copy, hit.parts);
  return copy;
}

/** The answers without the denied fields. */
export function pruneAnswers(data: Json, denied: readonly string[]): Json {
  return pruneValue(data, denied);
}

/** Server-computed values (keyed by concrete path) without the denied fields. */
export function pruneComputed(computed: Record<string, unknown>, denied: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(computed).filter(([path]) => !denied.some((d) => isAtOrUnder(path, d))));
}

/** A revision's changes without the denied fields: a change of a denied field goes, a change of a group loses the denied part of its values. */
export function pruneChanges(changes: readonly AnswerChange[], denied: readonly string[]): AnswerChange[] {
  if (denied.length === 0) return [...changes];
  const kept: AnswerChange[] = [];
  for (const change of changes) {
    if (denied.some((d) => isAtOrUnder(change.path, d))) continue;
    const depth = segments(change.path).length;
    const inside = denied.filter((d) => segments(d).length > depth && isAtOrUnder(change.path, `/${segments(d).slice(0, depth).join('/')}`)).map((d) => `/${segments(d).slice(depth).join('/')}`);
    const pruned: AnswerChange = { ...change };
    if ('before' in change) pruned.before = pruneValue(change.before, inside);
    if ('after' in change) pruned.after = pruneValue(change.after, inside);
    kept.push(pruned);
  }
  return kept;
}

/**
 * Answers an upgrade could not carry over. When some fields are denied, only those matching a
 * field the user may see are kept: the others belonged to fields whose category is unknown now.
 */
export function pruneCarried(carried: readonly CarriedAnswer[], denied: readonly string[], fields: readonly GuardedField[]): CarriedAnswer[] {
  if (denied.length === 0) return [...carried];
  return carried.filter((c) => !denied.some((d) => isAtOrUnder(c.path, d)) && fields.some((f) => isAtOrUnder(c.path, f.path)));
}

function valuesAt(data: unknown, pattern: string): Map<string, string> {
  return new Map(expandPath(data, pattern).map((hit) => [`/${hit.parts.join('/')}`, canonicalJson(hit.value)]));
}

/**
 * The values the user cannot see are kept from the previous answers when the new answers leave them
 * out (the client never had them): saving what one sees never erases what one may not see.
 */
export function restoreHidden(submitted: Json, previous: Json, hidden: readonly string[]): Json {
  if (hidden.length === 0) return submitted;
  const merged = structuredClone(submitted);
  for (const pattern of hidden) {
    for (const hit of expandPath(previous, pattern)) {
      let parent: unknown = merged;
      for (const part of hit.parts.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Json)[part] : undefined;
      const last = hit.parts[hit.parts.length - 1]!;
      if (parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.hasOwn(parent, last)) (parent as Json)[last] = structuredClone(hit.value);
    }
  }
  return merged;
}

/** Concrete paths under the denied fields whose value differs between two sets of answers: what a write may not touch. */
export function forbiddenChanges(before: Json, after: Json, denied: readonly string[]): string[] {
  const paths: string[] = [];
  for (const pattern of denied) {
    const a = valuesAt(before, pattern);
    const b = valuesAt(after, pattern);
    for (const path of new Set([...a.keys(), ...b.keys()])) if (a.get(path) !== b.get(path)) paths.push(path);
  }
  return [...new Set(paths)].sort();
}
