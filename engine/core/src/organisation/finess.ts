import { AppError } from '../errors/app-error';

/**
 * FINESS numbers (Fichier national des établissements sanitaires et sociaux): 9 characters, a
 * département code in first position (2 characters: 2A/2B for Corsica; overseas numbers start
 * with 97/98), a sequence, and a Luhn check digit in last position.
 *
 * Corsica: the key is computed on digits only, and the letter of 2A/2B counts as 0 (2A -> 20,
 * 2B -> 20). We found no published Corsican number to confirm it against, so this rule is the one
 * the codebase has always used; the mainland numbers of the tests (750712184 AP-HP, 130786049
 * AP-HM) are real and pass.
 */
const FINESS_SHAPE = /^(?:\d{2}|2[AB])\d{7}$/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Which FINESS a message is about, as French users name it. */
export type FinessKind = 'juridique' | 'geographique';
const labels: Record<FinessKind | 'any', string> = { juridique: 'FINESS juridique', geographique: 'FINESS géographique', any: 'numéro FINESS' };

/** The French problem with a FINESS number, naming the field, or null when it is valid. */
export function finessProblem(value: string, kind: FinessKind | 'any' = 'any'): string | null {
  const label = labels[kind];
  if (typeof value !== 'string' || value.length !== 9) return `Le ${label} doit comporter 9 caractères.`;
  const upper = value.toUpperCase();
  if (!FINESS_SHAPE.test(upper)) return `Le ${label} ne contient que des chiffres (2A ou 2B en tête pour la Corse).`;
  const digits = upper.replace(/^2[AB]/, '20');
  if (!luhnValid(digits)) return `La clé de contrôle du ${label} est incorrecte.`;
  return null;
}

export const isValidFiness = (value: string): boolean => finessProblem(value) === null;

/** The FINESS in its stored form (upper case), or INVALID_FINESS with an issue at `path`. */
export function checkedFiness(value: string, kind: FinessKind, path: string): string {
  const problem = finessProblem(value, kind);
  if (problem) throw new AppError('INVALID_FINESS', { issues: [{ path, message: problem }] });
  return value.toUpperCase();
}

/** Appends the Luhn key to an 8-character FINESS body (used by the demo data generator). */
export function withFinessKey(body8: string): string {
  const digits = body8.toUpperCase().replace(/^2[AB]/, '20');
  for (let key = 0; key <= 9; key++) {
    if (luhnValid(digits + key)) return body8.toUpperCase() + key;
  }
  throw new Error('unreachable');
}
