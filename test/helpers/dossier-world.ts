/** A small world for the dossier tests: two establishments of one organisme, staff of each profile, and a way to create dossiers over HTTP. */
import type { HttpClient } from './http-client';
import { type TestOrganisation, type TestUser, createOrganisation, createUser } from './fixtures';
import type { TestServer } from './test-server';

export interface DossierWorld {
  org: TestOrganisation;
  estA: string;
  estB: string;
  unitA1: string;
  unitA2: string;
  unitB1: string;
  users: Record<'secA' | 'chefA' | 'educA1' | 'educA2' | 'psyA' | 'secB' | 'chefB' | 'chefAB', TestUser>;
  /** A logged-in client for a user of the world. */
  as(user: keyof DossierWorld['users']): Promise<HttpClient>;
}

export async function dossierWorld(server: TestServer, prefix: string): Promise<DossierWorld> {
  const org = await createOrganisation(server.db, `Association ${prefix}`);
  const [a, b] = org.establishments as [TestOrganisation['establishments'][number], TestOrganisation['establishments'][number]];
  const [unitA1, unitA2] = a.unitIds as [string, string];
  const unitB1 = b.unitIds[0]!;
  const users = {
    secA: await createUser(server.db, `${prefix}.sec.a`, [{ profile: 'secretariat', establishmentId: a.id }]),
    chefA: await createUser(server.db, `${prefix}.chef.a`, [{ profile: 'chef_service', establishmentId: a.id }]),
    educA1: await createUser(server.db, `${prefix}.educ.a1`, [{ profile: 'educateur_specialise', establishmentId: a.id, unitId: unitA1 }]),
    educA2: await createUser(server.db, `${prefix}.educ.a2`, [{ profile: 'educateur_specialise', establishmentId: a.id, unitId: unitA2 }]),
    psyA: await createUser(server.db, `${prefix}.psy.a`, [{ profile: 'psychologue', establishmentId: a.id }]),
    secB: await createUser(server.db, `${prefix}.sec.b`, [{ profile: 'secretariat', establishmentId: b.id }]),
    chefB: await createUser(server.db, `${prefix}.chef.b`, [{ profile: 'chef_service', establishmentId: b.id }]),
    chefAB: await createUser(server.db, `${prefix}.chef.ab`, [
      { profile: 'chef_service', establishmentId: a.id },
      { profile: 'chef_service', establishmentId: b.id },
    ]),
  };
  const clients = new Map<string, HttpClient>();
  return {
    org,
    estA: a.id,
    estB: b.id,
    unitA1,
    unitA2,
    unitB1,
    users,
    as: async (name) => {
      let client = clients.get(name);
      if (!client) {
        client = server.client();
        const login = await client.login(users[name].login, users[name].password);
        if (login.status !== 200) throw new Error(`login of ${name} failed: ${login.status}`);
        clients.set(name, client);
      }
      return client;
    },
  };
}

export const identity = (over: Record<string, unknown> = {}) => ({
  birthName: 'DUPONT',
  firstNames: 'Éloïse Marie',
  birthDate: '2012-04-03',
  birthPlaceCode: '75056',
  sex: 'F',
  ...over,
});

/** Creates a dossier through the API and returns its body (fails the test on anything but 201). */
export async function createDossier(client: HttpClient, body: Record<string, unknown>): Promise<any> {
  const response = await client.post('/api/dossiers', body);
  if (response.status !== 201) throw new Error(`dossier creation failed: ${response.status} ${response.text}`);
  return response.body;
}
