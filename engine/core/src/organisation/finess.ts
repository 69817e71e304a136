/**
 * FINESS numbers: 9 characters, a département code (2 characters, 2A/2B for Corsica, 97x/98x
 * overseas), a sequence, and a Luhn check digit in last position. Corsican codes take 2A -> 20
 * and 2B -> 20 for the key computation (the key is computed on digits only).
 */
const FINESS_SHAPE = /^(?:\d{2}|2[AB])\d{6}\d$/;

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

export function finessProblem(value: string): string | null {
  if (typeof value !== 'string' || value.length !== 9) return 'Le numéro FINESS doit comporter 9 caractères.';
  const upper = value.toUpperCase();
  if (!FINESS_SHAPE.test(upper)) return 'Le numéro FINESS ne contient que des chiffres (2A/2B pour la Corse).';
  const digits = upper.replace(/^2[AB]/, '20');
  if (!luhnValid(digits)) return 'La clé de contrôle du numéro FINESS est incorrecte.';
  return null;
}

export const isValidFiness = (value: string): boolean => finessProblem(value) === null;

/** Appends the Luhn key to an 8-character FINESS body (used by the demo data generator). */
export function withFinessKey(body8: string): string {
  const digits = body8.toUpperCase().replace(/^2[AB]/, '20');
  for (let key = 0; key <= 9; key++) {
    if (luhnValid(digits + key)) return body8.toUpperCase() + key;
  }
  throw new Error('unreachable');
}
