import type { ErrorIssue } from '../errors/app-error';

/** Strict identity traits of the RNIV: what identifies a person, captured exactly as on the document. */
export interface IdentityTraits {
  birthName: string;
  usedName?: string | null;
  firstNames: string;
  usedFirstName?: string | null;
  birthDate: string;
  /** INSEE/COG code of the birth place (commune code, or 99xxx country code when born abroad). */
  birthPlaceCode: string;
  sex: 'F' | 'M' | 'I';
}

const COG_CODE = /^(?:\d{5}|2[AB]\d{3})$/;

/** Checks the rules a JSON Schema cannot express; returns French issues keyed by field path. */
export function identityTraitsProblems(traits: IdentityTraits, today: Date, basePath = ''): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const birth = new Date(`${traits.birthDate}T00:00:00Z`);
  if (Number.isNaN(birth.getTime()) || birth.toISOString().slice(0, 10) !== traits.birthDate) {
    issues.push({ path: `${basePath}/birthDate`, message: 'La date de naissance n’existe pas.' });
  } else if (birth.getTime() > today.getTime()) {
    issues.push({ path: `${basePath}/birthDate`, message: 'La date de naissance ne peut pas être dans le futur.' });
  } else if (today.getUTCFullYear() - birth.getUTCFullYear() > 30) {
    issues.push({ path: `${basePath}/birthDate`, message: 'La personne accompagnée a plus de 30 ans : vérifiez la date de naissance.' });
  }
  if (!COG_CODE.test(traits.birthPlaceCode.toUpperCase())) {
    issues.push({ path: `${basePath}/birthPlaceCode`, message: 'Le lieu de naissance doit être un code INSEE (COG) à 5 caractères, ou 99xxx pour un pays étranger.' });
  }
  for (const field of ['birthName', 'firstNames'] as const) {
    if (/\d/.test(traits[field])) issues.push({ path: `${basePath}/${field}`, message: 'Un nom ou un prénom ne contient pas de chiffre.' });
  }
  return issues;
}

