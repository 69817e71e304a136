import { validateAgainst } from '@cordee/server/src/http/schema-validation';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestServer, startTestServer } from '../helpers/test-server';

describe('dossier list and search', () => {
  let server: TestServer;
  let w: DossierWorld;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'search');
    const secA = await w.as('secA');
    const secB = await w.as('secB');
    const inA = [
      ['eloise', { birthName: 'DUPONT', firstNames: 'Éloïse Marie' }, w.unitA1, 'admitted'],
      ['elodie', { birthName: 'DUPONT-MOREAU', firstNames: 'Élodie', usedName: 'MOREAU' }, w.unitA1, 'waiting'],
      ['lucas', { birthName: 'DUPUIS', firstNames: 'Lucas', sex: 'M' }, w.unitA2, 'admitted'],
      ['oceane', { birthName: "N'DIAYE", firstNames: 'Océane', usedFirstName: 'Léa' }, w.unitA2, 'applicant'],
      ['noel', { birthName: 'LŒVENBRUCK', firstNames: 'Noël', sex: 'M' }, w.unitA1, 'admitted'],
    ] as const;
    for (const [key, traits, unitId, status] of inA) {
      ids[key] = (await createDossier(secA, { identity: identity(traits), establishmentId: w.estA, unitId, status })).id;
    }
    ids.otherEstablishment = (await createDossier(secB, { identity: identity({ birthName: 'DUPONT', firstNames: 'Éloïse' }), establishmentId: w.estB, unitId: w.unitB1, status: 'admitted' })).id;
  });
  afterAll(() => server.close());

  const search = async (user: keyof DossierWorld['users'], query: string) => {
    const response = await (await w.as(user)).get(`/api/dossiers${query}`);
    expect(response.status).toBe(200);
    expect(() => validateAgainst('api/dossier-list', response.body)).not.toThrow();
    return response.body as { items: Array<{ id: string; birthName: string; firstNames: string }>; nextCursor: string | null };
  };
  const idsOf = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

  it('lists the establishment’s dossiers ordered by birth name, first names — never another establishment’s', async () => {
    const page = await search('secA', '');
    expect(page.items.map((i) => i.birthName)).toEqual(['DUPONT', 'DUPONT-MOREAU', 'DUPUIS', 'LŒVENBRUCK', "N'DIAYE"]);
    expect(page.nextCursor).toBeNull();
    expect(idsOf(await search('secB', ''))).toEqual([ids.otherEstablishment]);
    expect(idsOf(await search('chefAB', '?q=eloise')).sort()).toEqual([ids.eloise, ids.otherEstablishment].sort());
  });

  it('searches without accents or case, by prefix of every word typed', async () => {
    expect(idsOf(await search('secA', '?q=elo'))).toEqual([ids.eloise, ids.elodie]);
    expect(idsOf(await search('secA', '?q=elo%20dup'))).toEqual([ids.eloise, ids.elodie]);
    expect(idsOf(await search('secA', '?q=%C3%89LO%C3%8FSE'))).toEqual([ids.eloise]); // ÉLOÏSE
    expect(idsOf(await search('secA', '?q=dup%20mor'))).toEqual([ids.elodie]);
    expect(idsOf(await search('secA', '?q=moreau'))).toEqual([ids.elodie]); // used name
    expect(idsOf(await search('secA', '?q=lea'))).toEqual([ids.oceane]); // used first name
    expect(idsOf(await search('secA', '?q=ndi'))).toEqual([]); // "N'DIAYE" splits into n + diaye
    expect(idsOf(await search('secA', '?q=n%20diaye'))).toEqual([ids.oceane]);
    expect(idsOf(await search('secA', '?q=loev'))).toEqual([ids.noel]); // Œ folds to oe
    expect(idsOf(await search('secA', '?q=marie%20lucas'))).toEqual([]); // every word must match the same dossier
    expect(idsOf(await search('secA', '?q=%25'))).toHaveLength(5); // punctuation only: no word, no filter
  });

  it('filters by unit and status, and an educateur sees only their unit', async () => {
    expect(idsOf(await search('secA', `?unit=${w.unitA2}`))).toEqual([ids.lucas, ids.oceane]);
    expect(idsOf(await search('secA', '?status=admitted'))).toEqual([ids.eloise, ids.lucas, ids.noel]);
    expect(idsOf(await search('secA', `?establishment=${w.estB}`))).toEqual([]);
    expect(idsOf(await search('educA1', ''))).toEqual([ids.eloise, ids.elodie, ids.noel]);
    expect(idsOf(await search('educA2', '?q=dup'))).toEqual([ids.lucas]);
    expect(idsOf(await search('educA1', `?unit=${w.unitA2}`))).toEqual([]);
  });

  it('pages with a keyset cursor over more than one page, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await search('secA', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(idsOf(await search('secA', '')));
  });

  it('refuses bad query parameters naming them', async () => {
    const client = await w.as('secA');
    for (const [query, path] of [
      ['?limit=0', '/limit'],
      ['?limit=abc', '/limit'],
      ['?status=deleted', '/status'],
      ['?establishment=nope', '/establishment'],
      ['?cursor=garbage', '/cursor'],
      [`?cursor=${Buffer.from(JSON.stringify(['A', 'B', 'not-a-uuid'])).toString('base64url')}`, '/cursor'],
      ['?sort=name', '/sort'],
    ] as const) {
      const response = await client.get(`/api/dossiers${query}`);
      expect(response.status).toBe(422);
      expect(response.body.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
  });

  it('audits one dossier.list event per request with filters and count, never the names searched', async () => {
    const response = await (await w.as('educA1')).get('/api/dossiers?q=eloise&status=admitted');
    await server.sealAudit();
    const rows = await server.db('audit_log').where({ action: 'dossier.list', request_id: response.headers.get('x-request-id') });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_account_id: w.users.educA1.id, actor_profile: 'educateur_specialise', establishment_id: w.estA, outcome: 'success' });
    expect(rows[0].detail).toMatchObject({ count: 1, dossierIds: [ids.eloise], filters: { status: 'admitted', searchWords: 1, establishment: null } });
    expect(JSON.stringify(rows[0].detail).toLowerCase()).not.toMatch(/eloise|dupont/);
  });
});
