import argon2 from 'argon2';

/** argon2id with the OWASP 2023 minimum (19 MiB, 2 passes, 1 lane): ~30 ms here, memory-hard. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of a real verification when the login is unknown, so timing does not reveal which logins exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('cordee-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

/** French policy: at least 12 characters with three kinds among lower, upper, digit, symbol (CNIL 2022 recommendation). */
export function passwordPolicyProblem(password: string): string | null {
  if (password.length < 12) return 'Le mot de passe doit comporter au moins 12 caractères.';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return 'Le mot de passe doit mêler au moins trois types de caractères parmi minuscules, majuscules, chiffres et symboles.';
  return null;
}
