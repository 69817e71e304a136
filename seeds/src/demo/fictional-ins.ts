import type { IdentityTraits } from '@cordee/core';
import type { SeededRandom } from './random';

/** OID of the INS-NIR *test* identifiers: marks every demo INS as fictional, never a real person's. */
export const INS_NIR_TEST_OID = '1.2.250.1.213.1.4.10';

/** Control key of a 13-character NIR: 97 - (number mod 97), Corsica's 2A/2B counted as 19/18. */
export function nirKey(nir13: string): string {
  const digits = nir13.toUpperCase().replace(/^(.{5})2A/, '$119').replace(/^(.{5})2B/, '$118');
  return String(97 - Number(BigInt(digits) % 97n)).padStart(2, '0');
}

/**
 * A fictional INS matricule (15 characters: NIR + key) consistent with the traits: sex, year and
 * month of birth, birth place (département + commune, or 99 + country), a random order number.
 */
export function fictionalInsMatricule(traits: IdentityTraits, rng: SeededRandom): string {
  const sex = traits.sex === 'F' ? '2' : '1';
  const [year, month] = traits.birthDate.split('-') as [string, string];
  const nir13 = `${sex}${year.slice(2)}${month}${traits.birthPlaceCode.toUpperCase()}${String(rng.int(1, 999)).padStart(3, '0')}`;
  return nir13 + nirKey(nir13);
}
