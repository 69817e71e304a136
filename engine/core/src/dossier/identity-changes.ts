import type { IdentityStatus } from './identity-status';
import type { IdentityTraits } from './identity-traits';

/** The strict traits of the RNIV: a change to any of them invalidates a previous verification. */
export const strictTraits = ['birthName', 'firstNames', 'birthDate', 'birthPlaceCode', 'sex'] as const;
export type StrictTrait = (typeof strictTraits)[number];

const traitFields = ['birthName', 'usedName', 'firstNames', 'usedFirstName', 'birthDate', 'birthPlaceCode', 'sex'] as const;

const normalise = (field: keyof IdentityTraits, value: string | null | undefined): string | null =>
  value === undefined || value === null ? null : field === 'birthPlaceCode' ? value.toUpperCase() : value;

/** Traits whose value differs between two versions of an identity (a missing optional trait equals null). */
export function changedTraits(before: IdentityTraits, after: IdentityTraits): Array<keyof IdentityTraits> {
  return traitFields.filter((field) => normalise(field, before[field]) !== normalise(field, after[field]));
}

/** Strict traits whose value differs between two versions of an identity. */
export function changedStrictTraits(before: IdentityTraits, after: IdentityTraits): StrictTrait[] {
  const changed = changedTraits(before, after);
  return strictTraits.filter((field) => changed.includes(field));
}

/**
 * The identity status once traits have been modified: any verified or retrieved identity falls
 * back to 'provisoire' when a strict trait changes (the new traits must be verified again and
 * the INS, obtained for the old traits, no longer matches them).
 */
export function identityStatusAfterEdit(current: IdentityStatus, changed: readonly StrictTrait[]): IdentityStatus {
  return changed.length > 0 ? 'provisoire' : current;
}
