/**
 * What the runtime UI reads besides the dossier itself: the fiche de synthèse, the timeline, one
 * form's submissions across a unit (transmissions, presences), and the UI served on the API's port.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { serveRuntimeUi } from '@cordee/server/src/http/static-ui';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const note = {
  title: 'Note de vie quotidienne',
  schema: {
    type: 'object',
    required: ['texte'],
    properties: { texte: { type: 'string', title: 'Texte', minLength: 1, 'x-cordee-category': 'daily_life' }, jour: { type: 'string', format: 'date', title: 'Jour', 'x-cordee-category': 'daily_life' } },
  },
  uiSchema: {},
};

const grid = {
  title: 'Grille simple',
  schema: { type: 'object', properties: { items: { type: 'object', title: 'Items', properties: { a: { type: 'object', title: 'A', properties: { niveau: { type: 'string', title: 'Niveau', enum: ['0', '1', '2', 'NE'], 'x-cordee-enumLabels': { '0': 'Zéro', '1': 'Un', '2': 'Deux', NE: 'Non évalué' } } } } } } } },
  uiSchema: {},
  scales: [{ id: 'n', label: 'Niveau', options: [...['0', '1', '2'].map((v) => ({ value: v, label: v, weight: Number(v) })), { value: 'NE', label: 'Non évalué', notEvaluated: true }] }],
  items: [{ id: 'a', label: 'A', scale: 'n', domain: 'd' }],
  scores: [{ id: 'total', label: 'Total', expression: 'sum(weights)' }],
  bands: [{ score: 'total', ranges: [{ max: 0, label: 'Bas', level: 'concern' }, { min: 1, label: 'Haut', level: 'satisfactory' }] }],
  alerts: [{ id: 'zero', condition: 'some w in weights satisfies w = 0', message: 'Item à zéro.', level: 'danger' }],
};

describe('dossier overview for the runtime UI', () => {
  let server: TestServer;
  let world: DossierWorld;
  let educ: HttpClient;
  let other: HttpClient;
  let dossierId: string;
  let otherUnitDossierId: string;

  const audit = async (where: Record<string, unknown>) => {
    await server.sealAudit();
    return server.db('audit_log').where(where).orderBy('seq');
  };

  beforeAll(async () => {
    server = await startTestServer();
    world = await dossierWorld(server, 'apercu');
    const quality = await qualityManager(server, 'apercu.rq');
    await quality.publish('forms', 'note-vie', note);
    await quality.publish('grids', 'grille-simple', grid);
    const chef = await world.as('chefA');
    dossierId = (
      await createDossier(chef, {
        identity: identity({ birthName: 'Lefèvre', firstNames: 'Héloïse' }),
        establishmentId: world.estA,
        unitId: world.unitA1,
        status: 'admitted',
        placement: { startDate: '2025-09-01', legalBasis: 'assistance_educative' },
      })
    ).id;
    otherUnitDossierId = (await createDossier(chef, { identity: identity({ birthName: 'AUTRE' }), establishmentId: world.estA, unitId: world.unitA2, status: 'admitted' })).id;
    educ = await world.as('educA1');
    other = await world.as('educA2');
    const post = async (client: HttpClient, id: string, body: Record<string, unknown>) => {
      const response = await client.post(`/api/dossiers/${id}/submissions`, body);
      expect(response.status).toBe(201);
      return response.body;
    };
    await post(educ, dossierId, { form: 'grille-simple', kind: 'grid', data: { items: { a: { niveau: '2' } } }, status: 'final' });
    await post(educ, dossierId, { form: 'grille-simple', kind: 'grid', data: { items: { a: { niveau: '0' } } }, status: 'draft' });
    for (const texte of ['premier', 'deuxième', 'troisième']) await post(educ, dossierId, { form: 'note-vie', data: { texte, jour: '2026-01-05' }, status: 'final' });
    await post(other, otherUnitDossierId, { form: 'note-vie', data: { texte: 'ailleurs' }, status: 'final' });
  });
  afterAll(() => server.close());

  describe('GET /api/dossiers/{id}/synthesis', () => {
    it('sums up the dossier: placement, latest final grid with its scores and bands, submissions by form, what the user may do', async () => {
      const res = await educ.get(`/api/dossiers/${dossierId}/synthesis`);
      expect(res.status).toBe(200);
      const s = res.body;
      expect(s.displayName).toBe('LEFÈVRE Héloïse');
      expect(s.statusLabel).toBe('Accueilli');
      expect(s.placement).toMatchObject({ startDate: '2025-09-01', endDate: null });
      expect(s.placement.establishmentName).toBeTruthy();
      // the draft grid (a zero) does not count: the latest final grid does
      expect(s.grids).toHaveLength(1);
      expect(s.grids[0]).toMatchObject({ formKey: 'grille-simple', title: 'Grille simple', scores: [{ id: 'total', value: 2, band: 'Haut' }], alerts: [] });
      expect(s.forms).toEqual(
        expect.arrayContaining([expect.objectContaining({ formKey: 'note-vie', count: 3 }), expect.objectContaining({ formKey: 'grille-simple', formKind: 'grid', count: 2 })]),
      );
      expect(s.actions.updateDossier).toBe(false);
      expect(s.actions.creatableForms).toEqual(
        expect.arrayContaining([
          { kind: 'form', key: 'note-vie', title: 'Note de vie quotidienne' },
          { kind: 'grid', key: 'grille-simple', title: 'Grille simple' },
        ]),
      );
      const [event] = await audit({ action: 'dossier.synthesis.read', dossier_id: dossierId });
      expect(event).toMatchObject({ outcome: 'success', purpose: 'care' });
    });

    it('answers 401 without a session, 404 (audited as denied) to a user who may not read the dossier, 404 on an unknown id', async () => {
      expect((await server.client().get(`/api/dossiers/${dossierId}/synthesis`)).status).toBe(401);
      const denied = await other.get(`/api/dossiers/${dossierId}/synthesis`);
      expect(denied.status).toBe(404);
      expect(denied.text).not.toContain('Lef');
      const [event] = await audit({ action: 'dossier.synthesis.read', dossier_id: dossierId, outcome: 'denied' });
      expect(event.actor_account_id).toBe(world.users.educA2.id);
      expect((await educ.get('/api/dossiers/00000000-0000-4000-8000-000000000000/synthesis')).status).toBe(404);
      expect((await educ.get('/api/dossiers/pas-un-uuid/synthesis')).status).toBe(404);
    });
  });

  describe('GET /api/dossiers/{id}/timeline', () => {
    it('lists everything newest first, and pages through it without loss or repeat', async () => {
      const all = await educ.get(`/api/dossiers/${dossierId}/timeline?limit=200`);
      expect(all.status).toBe(200);
      const items = all.body.items as Array<{ key: string; at: string; kind: string; label: string; submissionId: string | null }>;
      expect(all.body.nextCursor).toBeNull();
      expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
      // two grids and three notes, one revision each
      expect(items.filter((i) => i.kind === 'submission')).toHaveLength(5);
      expect(items.some((i) => i.kind === 'placement_start' && i.at === '2025-09-01T00:00:00.000Z')).toBe(true);
      expect(items.filter((i) => i.kind === 'dossier_created')).toHaveLength(1);
      expect(items.find((i) => i.label.startsWith('Grille simple : brouillon'))?.submissionId).toBeTruthy();

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Array<{ key: string }>; nextCursor: string | null } } = await educ.get(`/api/dossiers/${dossierId}/timeline?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items.map((i) => i.key));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(items.map((i) => i.key));
    });

    it('refuses a forged cursor and a bad limit naming the parameter, and hides the dossier from whoever may not read it', async () => {
      const forged = await educ.get(`/api/dossiers/${dossierId}/timeline?cursor=n-importe-quoi`);
      expect(forged.status).toBe(422);
      expect(forged.body.issues[0].path).toBe('/cursor');
      const big = await educ.get(`/api/dossiers/${dossierId}/timeline?limit=5000`);
      expect(big.status).toBe(422);
      expect(big.body.issues[0].path).toBe('/limit');
      expect((await other.get(`/api/dossiers/${dossierId}/timeline`)).status).toBe(404);
      expect((await server.client().get(`/api/dossiers/${dossierId}/timeline`)).status).toBe(401);
    });
  });

  describe('GET /api/submissions?form= (a form across dossiers)', () => {
    it('gives the unit’s submissions of a form with their answers, newest first, only those the user may read', async () => {
      const res = await educ.get(`/api/submissions?form=note-vie&unit=${world.unitA1}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { data: { texte: string } }) => i.data.texte)).toEqual(['troisième', 'deuxième', 'premier']);
      expect(res.body.items[0]).toMatchObject({ dossierId, dossierName: 'LEFÈVRE Héloïse', formKey: 'note-vie', status: 'final', revision: 1 });
      // without a unit: still only what their rules let them read (not the other unit's note)
      const everywhere = await educ.get('/api/submissions?form=note-vie');
      expect(everywhere.body.items.map((i: { data: { texte: string } }) => i.data.texte)).not.toContain('ailleurs');
      const theirs = await other.get(`/api/submissions?form=note-vie&unit=${world.unitA1}`);
      expect(theirs.body.items).toEqual([]);
      const events = await audit({ action: 'submission.list', dossier_id: dossierId, actor_account_id: world.users.educA1.id });
      expect(events.some((e: { detail: { view?: string } }) => e.detail.view === 'form_feed')).toBe(true);
    });

    it('pages by cursor and checks its parameters', async () => {
      const first = await educ.get(`/api/submissions?form=note-vie&unit=${world.unitA1}&limit=2`);
      expect(first.body.items).toHaveLength(2);
      const second = await educ.get(`/api/submissions?form=note-vie&unit=${world.unitA1}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.items.map((i: { data: { texte: string } }) => i.data.texte)).toEqual(['premier']);
      expect(second.body.nextCursor).toBeNull();
      expect((await educ.get('/api/submissions')).status).toBe(422);
      expect((await educ.get('/api/submissions?form=note-vie&unit=pas-un-uuid')).body.issues[0].path).toBe('/unit');
      expect((await educ.get('/api/submissions?form=note-vie&createdFrom=hier')).body.issues[0].path).toBe('/createdFrom');
      expect((await server.client().get('/api/submissions?form=note-vie')).status).toBe(401);
    });
  });

  describe('the runtime UI served on the API port', () => {
    let dir: string;
    let http: Server;
    let base: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cordee-ui-'));
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cordée</title><script type="module" src="/assets/app-1.js"></script>');
      writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {};');
      const app = express();
      app.get('/api/ping', (_req, res) => void res.json({ ok: true }));
      serveRuntimeUi(app, dir);
      http = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const address = http.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => http.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers the application page on every non-API path and caches hashed assets for a year', async () => {
      for (const path of ['/', '/dossiers/123', '/saisies/abc?x=1']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('<title>Cordée</title>');
      }
      const asset = await fetch(`${base}/assets/app-1.js`);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${base}/assets/absent.js`)).status).toBe(404);
      expect(await (await fetch(`${base}/api/ping`)).json()).toEqual({ ok: true });
      // an unknown API path is never answered with the application page
      expect((await fetch(`${base}/api/unknown`)).status).toBe(404);
    });

    it('keeps unknown API paths as problem+json in the product, with the strict CSP on every page', async () => {
      const res = await server.client().get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const page = await fetch(`${server.baseUrl}/`);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    });
  });
});
