import { subject as asSubject } from '@casl/ability';
import type { ErrorIssue } from '../errors/app-error';
import { type AppAbility, BREAK_GLASS_REASON } from './ability';

export const BREAK_GLASS_MIN_REASON = 15;
export const BREAK_GLASS_DEFAULT_MINUTES = 60;

/** A reason made of blanks is no reason: the schema counts characters, this counts the words' characters. */
export function breakGlassProblems(request: { reason: string }): ErrorIssue[] {
  if (request.reason.trim().length < BREAK_GLASS_MIN_REASON) {
    return [{ path: '/reason', message: `Le motif doit expliquer l’urgence en au moins ${BREAK_GLASS_MIN_REASON} caractères.` }];
  }
  return [];
}

/** When a grant opened at `startedAt` ends (the request schema and the table cap the duration at 240 minutes). */
export function breakGlassExpiry(startedAt: Date, durationMinutes: number = BREAK_GLASS_DEFAULT_MINUTES): Date {
  return new Date(startedAt.getTime() + durationMinutes * 60_000);
}

/**
 * The ability allows the action on the record, but only thanks to a break-glass rule: the
 * ordinary rules alone (CASL priority order, inverted rules included) would refuse it.
 */
export function allowedOnlyByBreakGlass(ability: AppAbility, action: string, subjectType: string, record: Record<string, unknown>): boolean {
  return ability.can(action, asSubject(subjectType, { ...record })) && !allowedWithoutBreakGlass(ability, action, subjectType, record);
}

/** The ability allows the action on the record through its ordinary rules, break-glass aside. */
export function allowedWithoutBreakGlass(ability: AppAbility, action: string, subjectType: string, record: Record<string, unknown>): boolean {
  const target = asSubject(subjectType, { ...record });
  const ordinary = ability.rulesFor(action, subjectType).find((rule) => rule.reason !== BREAK_GLASS_REASON && rule.matchesConditions(target));
  return ordinary !== undefined && !ordinary.inverted;
}

/**
 * Fields of submissions that only a break-glass rule grants this user (e.g. the medical record,
 * which the direction reads only by breaking the glass, pde-domain.md §10.3 row 12): breaking the
 * glass on a dossier one already reads still opens them.
 */
export function fieldsOnlyByBreakGlass(ability: AppAbility): string[] {
  const grants = ability.possibleRulesFor('read', 'Submission').filter((rule) => !rule.inverted);
  const ordinary = grants.filter((rule) => rule.reason !== BREAK_GLASS_REASON);
  if (ordinary.some((rule) => !rule.fields)) return [];
  const known = new Set(ordinary.flatMap((rule) => rule.fields ?? []));
  return [...new Set(grants.filter((rule) => rule.reason === BREAK_GLASS_REASON).flatMap((rule) => rule.fields ?? []))].filter((field) => !known.has(field)).sort();
}
