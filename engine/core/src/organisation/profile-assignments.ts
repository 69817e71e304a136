import type { ErrorIssue } from '../errors/app-error';

/** One profile given to an account, as an administrator enters it. */
export interface AssignmentInput {
  profile: string;
  establishmentId?: string | null;
  unitId?: string | null;
  validFrom?: string;
  validTo?: string | null;
}

export type ProfileKind = 'staff' | 'administration' | 'usager';

/** What the assignments refer to, loaded by the caller: profile kinds, existing establishments, units with their establishment. */
export interface AssignmentReferences {
  profileKinds: ReadonlyMap<string, ProfileKind>;
  establishmentIds: ReadonlySet<string>;
  unitEstablishments: ReadonlyMap<string, string>;
}

/**
 * Every problem of a list of assignments, each at the path of its field (`/profiles/1/unitId`):
 * unknown profile, unknown establishment, a staff profile without establishment (its rules are
 * scoped by it), a unit outside the establishment, an end before the start (`today` stands for a
 * missing start, as the database defaults it), the same assignment twice.
 */
export function assignmentIssues(assignments: readonly AssignmentInput[], refs: AssignmentReferences, today: string, basePath = '/profiles'): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  assignments.forEach((a, i) => {
    const at = (field: string) => `${basePath}/${i}${field}`;
    const kind = refs.profileKinds.get(a.profile);
    if (!kind) issues.push({ path: at('/profile'), message: `Profil inconnu : « ${a.profile} ».` });
    const establishmentId = a.establishmentId ?? null;
    const unitId = a.unitId ?? null;
    if (establishmentId !== null && !refs.establishmentIds.has(establishmentId)) {
      issues.push({ path: at('/establishmentId'), message: 'Cet établissement est introuvable.' });
    } else if (establishmentId === null && kind === 'staff') {
      issues.push({ path: at('/establishmentId'), message: 'Un profil professionnel s’exerce dans un établissement : indiquez-le.' });
    }
    if (unitId !== null) {
      if (establishmentId === null) issues.push({ path: at('/unitId'), message: 'Une unité ne peut être indiquée qu’avec son établissement.' });
      else if (refs.unitEstablishments.get(unitId) !== establishmentId) {
        issues.push({ path: at('/unitId'), message: 'Cette unité n’appartient pas à l’établissement indiqué.' });
      }
    }
    const validFrom = a.validFrom ?? today;
    if (a.validTo && a.validTo < validFrom) issues.push({ path: at('/validTo'), message: 'La date de fin doit être postérieure ou égale à la date de début.' });
    const key = `${a.profile}|${establishmentId}|${unitId}|${validFrom}`;
    if (seen.has(key)) issues.push({ path: at(''), message: 'Cette attribution figure déjà dans la liste.' });
    seen.add(key);
  });
  return issues;
}
