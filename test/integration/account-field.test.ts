/**
 * Designating professionals in forms (the `account` widget): the pack's agenda event asks for its
 * participants' accounts with it, and the directory it searches (`GET /api/messages/recipients`)
 * gives back the name of an account already chosen — only within the user's establishments.
 */
import { dossierWorld, type DossierWorld } from '../helpers/dossier-world';
import { type TestServer, startTestServer } from '../helpers/test-server';

let server: TestServer;
let w: DossierWorld;

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  w = await dossierWorld(server, 'acc');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const directory = async (who: keyof DossierWorld['users'], query: string) => (await w.as(who)).get(`/api/messages/recipients?${query}`);

describe('the account field', () => {
  it('is how the pack’s agenda event designates its participants’ accounts', async () => {
    const effective = await (await w.as('educA1')).get(`/api/metadata/forms/agenda-evenement/effective?establishment=${w.estA}`);
    expect(effective.status).toBe(200);
    expect(effective.body.content.uiSchema.participants.items.compte_id['ui:widget']).toBe('account');
  });

  it('shows the name of a chosen colleague of the user’s establishments, nothing for an account elsewhere', async () => {
    const chosen = await directory('educA1', `account=${w.users.chefA.id}`);
    expect(chosen.status).toBe(200);
    expect(chosen.body.items).toEqual([{ id: w.users.chefA.id, displayName: expect.any(String), relation: 'professional', detail: expect.stringContaining('Chef de service'), dossierAccess: null }]);
    // a colleague of another establishment, an unknown account: not in the directory
    expect((await directory('educA1', `account=${w.users.chefB.id}`)).body.items).toEqual([]);
    expect((await directory('educA1', 'account=00000000-0000-4000-8000-000000000000')).body.items).toEqual([]);
    // the chef de service of both establishments finds them both
    expect((await directory('chefAB', `account=${w.users.chefB.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([w.users.chefB.id]);
  });

  it('names the parameter when the account is not an identifier, and refuses anonymous callers', async () => {
    const refused = await directory('educA1', 'account=chef');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.issues)).toContain('account');
    expect((await server.client().get(`/api/messages/recipients?account=${w.users.chefA.id}`)).status).toBe(401);
  });
});
