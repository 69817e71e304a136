import { randomInt } from 'node:crypto';
import { passwordPolicyProblem } from './passwords';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied from paper (no 0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A password to hand over once to a person whose account was just opened for them: four groups of
 * four random characters joined by dashes (about 93 bits from the CSPRNG), always within the
 * password policy, so the person can sign in, then choose their own.
 */
export function initialPassword(): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
    const candidate = groups.join('-');
    if (passwordPolicyProblem(candidate) === null && /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /[0-9]/.test(candidate)) return candidate;
  }
}
