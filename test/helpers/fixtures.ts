/** Test data written straight to the database: an organisme, establishments, units and staff accounts. */
import { withFinessKey } from '@cordee/core';
import { type Db, insertAccount, insertAssignment } from '@cordee/db';
import { hashPassword } from '@cordee/server/src/auth/passwords';

export const TEST_PASSWORD = 'Mot-de-passe-test-42';
let passwordHash: Promise<string> | undefined;

let counter = 0;
const nextFiness = (department: string) => withFinessKey(`${department}${String(100000 + ++counter * 7).slice(-6)}`);

export interface TestOrganisation {
  organismeId: string;
  establishments: Array<{ id: string; name: string; unitIds: string[] }>;
}

export async function createOrganisation(db: Db, name = 'Association Test', establishments = 2): Promise<TestOrganisation> {
  const [organisme] = await db('organisme').insert({ finess_juridique: nextFiness('75'), name }).returning('id');
  const result: TestOrganisation = { organismeId: organisme.id, establishments: [] };
  for (let i = 0; i < establishments; i++) {
    const [establishment] = await db('establishment')
      .insert({ organisme_id: organisme.id, finess_geographique: nextFiness('75'), name: `${name} — MECS ${i + 1}`, type: 'mecs', capacity: 30 })
      .returning('id');
    const units = await db('unit')
      .insert([
        { establishment_id: establishment.id, name: 'Groupe des petits', capacity: 10 },
        { establishment_id: establishment.id, name: 'Groupe des grands', capacity: 12 },
      ])
      .returning('id');
    result.establishments.push({ id: establishment.id, name: `${name} — MECS ${i + 1}`, unitIds: units.map((u: { id: string }) => u.id) });
  }
  return result;
}

export interface TestUser {
  id: string;
  login: string;
  password: string;
}

export async function createUser(
  db: Db,
  login: string,
  assignments: Array<{ profile: string; establishmentId?: string | null; unitId?: string | null; validFrom?: string; validTo?: string | null }>,
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = await insertAccount(db, { login, displayName: `Test ${login}`, passwordHash: await passwordHash });
  for (const a of assignments) {
    await insertAssignment(db, {
      accountId: id,
      profileKey: a.profile,
      establishmentId: a.establishmentId ?? null,
      unitId: a.unitId ?? null,
      ...(a.validFrom ? { validFrom: a.validFrom } : {}),
      validTo: a.validTo ?? null,
    });
  }
  return { id, login, password: TEST_PASSWORD };
}
