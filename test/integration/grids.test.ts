/** Evaluation grids over HTTP: server-side scoring (non évalué, minimum rule, bands, alerts) and a child's evolution from one grid to the next. */
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import type { HttpClient } from '../helpers/http-client';
import { type Publisher, qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const levels = ['3', '2', '1', '0', 'NE'];
const levelLabels = { '3': 'Couvert', '2': 'Fragile', '1': 'Partiel', '0': 'Non couvert', NE: 'Non évalué' };
const g1Items = [
  ['physiologique_sante', 'Besoins physiologiques et de santé', 'meta_securite'],
  ['protection', 'Besoin de protection', 'meta_securite'],
  ['securite_affective_relationnelle', 'Sécurité affective et relationnelle', 'meta_securite'],
  ['experiences_exploration', 'Expériences et exploration du monde', 'autres'],
  ['cadre_regles_limites', 'Cadre, règles et limites', 'autres'],
  ['estime_valorisation_soi', 'Estime de soi et valorisation', 'autres'],
  ['identite', 'Identité', 'autres'],
] as const;

/** A grid shaped like G1 "besoins fondamentaux": the safety meta-need is the minimum of its items. */
const besoinsGrid = (items: ReadonlyArray<readonly [string, string, string]> = g1Items) => ({
  title: 'Besoins fondamentaux de l’enfant',
  schema: {
    type: 'object',
    properties: {
      items: {
        type: 'object',
        title: 'Cotation des besoins',
        properties: Object.fromEntries(
          items.map(([id, label]) => [
            id,
            { type: 'object', title: label, properties: { niveau: { type: 'string', title: 'Niveau de réponse au besoin', enum: levels, 'x-cordee-enumLabels': levelLabels, 'x-cordee-category': 'evaluation' } } },
          ]),
        ),
      },
      securite_compromise: { type: 'boolean', title: 'Sécurité compromise', readOnly: true, 'x-cordee-computed': 'scores.score_meta_securite != null and scores.score_meta_securite <= 1' },
      observations: { type: 'string', title: 'Observations', 'x-cordee-category': 'evaluation' },
    },
  },
  uiSchema: {},
  scales: [
    {
      id: 'niveau_reponse_besoin',
      label: 'Niveau de réponse au besoin',
      options: [
        { value: '3', label: 'Couvert', weight: 3 },
        { value: '2', label: 'Fragile', weight: 2 },
        { value: '1', label: 'Partiel', weight: 1 },
        { value: '0', label: 'Non couvert', weight: 0 },
        { value: 'NE', label: 'Non évalué', notEvaluated: true },
      ],
    },
  ],
  items: items.map(([id, label, domain]) => ({ id, label, scale: 'niveau_reponse_besoin', domain })),
  scores: [
    { id: 'score_meta_securite', label: 'Méta-besoin de sécurité', expression: 'min([items.physiologique_sante, items.protection, items.securite_affective_relationnelle])' },
    { id: 'score_autres', label: 'Autres besoins', expression: 'if count(domains.autres) = 0 then null else mean(domains.autres)' },
    { id: 'score_global', label: 'Score global', expression: 'if evaluated = 0 then null else mean(weights)' },
  ],
  bands: [
    {
      score: 'score_global',
      ranges: [
        { max: 1, label: 'Préoccupant', level: 'concern' },
        { min: 1.01, max: 2, label: 'Vigilance', level: 'vigilance' },
        { min: 2.01, label: 'Satisfaisant', level: 'satisfactory' },
      ],
    },
  ],
  alerts: [
    { id: 'besoin_compromis', condition: 'some w in weights satisfies w = 0', message: 'Un besoin fondamental est compromis.', level: 'danger' },
    { id: 'securite_fragile', condition: 'scores.score_meta_securite != null and scores.score_meta_securite <= 1', message: 'La sécurité de l’enfant est fragile.', level: 'concern' },
    { id: 'evaluation_incomplete', condition: 'completeness < 0.7', message: 'Évaluation incomplète.', level: 'vigilance' },
  ],
});

const answers = (overrides: Record<string, string>, base = 'NE') => ({
  items: Object.fromEntries(g1Items.map(([id]) => [id, { niveau: overrides[id] ?? base }])),
});

describe('evaluation grids', () => {
  let server: TestServer;
  let world: DossierWorld;
  let quality: Publisher;
  let chef: HttpClient;
  let dossierId: string;

  const grid = async (dossier: string, data: Record<string, unknown>, status: 'draft' | 'final' = 'final') => {
    const response = await chef.post(`/api/dossiers/${dossier}/submissions`, { form: 'besoins', kind: 'grid', data, status });
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    server = await startTestServer();
    world = await dossierWorld(server, 'grille');
    quality = await qualityManager(server, 'grille.rq');
    expect(await quality.publish('grids', 'besoins', besoinsGrid())).toBe('1.0.0');
    chef = await world.as('chefA');
    dossierId = (await createDossier(chef, { identity: identity(), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
  });
  afterAll(() => server.close());

  it('gives null scores, no band and only the incompleteness alert when every item is "non évalué"', async () => {
    const body = await grid(dossierId, answers({}));
    expect(body.formKind).toBe('grid');
    expect(body.gridResult.scores).toEqual({ score_meta_securite: null, score_autres: null, score_global: null });
    expect(body.gridResult.bands).toEqual({ score_global: null });
    expect(body.gridResult.alerts.map((a: { id: string }) => a.id)).toEqual(['evaluation_incomplete']);
    expect(body.gridResult).toMatchObject({ evaluated: 0, total: 7, completeness: 0 });
    expect(Object.values(body.gridResult.items).every((w) => w === null)).toBe(true);
    expect(body.data.securite_compromise).toBe(false);
  });

  it('applies the minimum rule to the safety meta-need, whatever the other items, and recomputes fields that use the scores', async () => {
    const body = await grid(dossierId, { ...answers({ protection: '1', identite: '2' }, '3'), securite_compromise: false });
    expect(body.gridResult.scores).toEqual({ score_meta_securite: 1, score_autres: 2.75, score_global: 2.57 });
    expect(body.gridResult.bands.score_global).toEqual({ label: 'Satisfaisant', level: 'satisfactory' });
    expect(body.gridResult.alerts.map((a: { id: string }) => a.id)).toEqual(['securite_fragile']);
    expect(body.data.securite_compromise).toBe(true);
    expect(body.computed).toEqual({ '/securite_compromise': true });

    const oneMissing = await grid(dossierId, answers({ securite_affective_relationnelle: 'NE', cadre_regles_limites: '0' }, '2'), 'draft');
    expect(oneMissing.gridResult.scores.score_meta_securite).toBeNull();
    expect(oneMissing.gridResult.scores.score_autres).toBe(1.5);
    expect(oneMissing.gridResult.alerts.map((a: { id: string }) => a.id)).toEqual(['besoin_compromis']);
    expect(oneMissing.gridResult.completeness).toBe(0.86);
  });

  it('picks bands at their edges and refuses codes outside the scale', async () => {
    const onEdge = async (level: string) => (await grid(dossierId, answers({}, level), 'draft')).gridResult.bands.score_global.label;
    expect(await onEdge('1')).toBe('Préoccupant');
    expect(await onEdge('2')).toBe('Vigilance');
    expect(await onEdge('3')).toBe('Satisfaisant');
    const refused = await chef.post(`/api/dossiers/${dossierId}/submissions`, { form: 'besoins', kind: 'grid', data: answers({ protection: '9' }), status: 'final' });
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i: { path: string }) => i.path)).toEqual(['/items/protection/niveau']);
  });

  it('measures the evolution since the previous final grid of the same dossier, ignoring drafts and other dossiers', async () => {
    const child = (await createDossier(chef, { identity: identity({ birthName: 'EVOLUTION' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
    const other = (await createDossier(chef, { identity: identity({ birthName: 'AUTRE' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
    const first = await grid(child, answers({}, '2'));
    expect(first.evolution).toBeNull();
    await grid(child, answers({}, '0'), 'draft');
    await grid(other, answers({}, '0'));
    const second = await grid(child, answers({ protection: '3', identite: '1', estime_valorisation_soi: 'NE' }, '3'));
    expect(second.evolution).toMatchObject({ previousSubmissionId: first.id, previousVersion: '1.0.0' });
    expect(second.evolution.scores.score_meta_securite).toEqual({ before: 2, after: 3, delta: 1 });
    expect(second.evolution.scores.score_global).toEqual({ before: 2, after: 2.67, delta: 0.67 });
    expect(second.evolution.items.identite).toEqual({ before: 2, after: 1, delta: -1 });
    expect(second.evolution.items.estime_valorisation_soi).toEqual({ before: 2, after: null, delta: null });
    expect(second.evolution.bandChanges).toEqual([{ score: 'score_global', before: 'Vigilance', after: 'Satisfaisant' }]);

    // reading the first one again: nothing before it
    const reread = await chef.get(`/api/submissions/${first.id}`);
    expect(reread.body.evolution).toBeNull();
    expect(reread.body.gridResult.scores.score_global).toBe(2);

    // a newer grid version adds an item: only what both versions share is compared
    const withMore = besoinsGrid([...g1Items, ['sante_mentale', 'Santé mentale', 'autres']]);
    expect(await quality.publish('grids', 'besoins', withMore)).toBe('1.1.0');
    const third = await grid(child, { items: { ...answers({}, '3').items, sante_mentale: { niveau: '1' } } });
    expect(third.form.version).toBe('1.1.0');
    expect(third.gridResult.total).toBe(8);
    expect(third.evolution).toMatchObject({ previousSubmissionId: second.id, previousVersion: '1.0.0' });
    expect(third.evolution.items).not.toHaveProperty('sante_mentale');
    expect(third.evolution.items.identite).toEqual({ before: 1, after: 3, delta: 2 });
  });

  it('compares only with a previous grid the reader may read, and stores the scores with each revision', async () => {
    const moving = (await createDossier(chef, { identity: identity({ birthName: 'TRANSFERT' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
    const inA = await grid(moving, answers({}, '1'));
    // the child is now followed in establishment B: its new grids are captured there
    await server.db('dossier').where({ id: moving }).update({ establishment_id: world.estB, unit_id: world.unitB1 });
    const chefB = await world.as('chefB');
    const inB = await chefB.post(`/api/dossiers/${moving}/submissions`, { form: 'besoins', kind: 'grid', data: answers({}, '3'), status: 'final' });
    expect(inB.status).toBe(201);
    expect(inB.body.establishmentId).toBe(world.estB);
    expect(inB.body.evolution).toBeNull();
    expect((await chefB.get(`/api/submissions/${inA.id}`)).status).toBe(404);
    const both = await world.as('chefAB');
    const seenByBoth = await both.get(`/api/submissions/${inB.body.id}`);
    expect(seenByBoth.body.evolution).toMatchObject({ previousSubmissionId: inA.id, scores: { score_global: { before: 1, after: 3, delta: 2 } } });

    const rows = await server.db('submission_revision as r').join('submission as s', 's.id', 'r.submission_id').where({ 's.form_key': 'besoins' }).select('r.grid_result');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.grid_result && typeof r.grid_result.completeness === 'number')).toBe(true);
  });
});
