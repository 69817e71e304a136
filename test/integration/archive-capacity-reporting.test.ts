/** Vague 2 PDE: capacity spreadsheet for the CD (V2-1), sealed archive package with its verify command (V2-2, HAB-4), reporting events (HAB-5). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { localDate } from '@cordee/core';
import { packExamples } from '@cordee/seeds/src/pack-examples';
import { verifyArchiveFile } from '@cordee/server/src/cli/verify-archive';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

describe('capacity, archive and reporting', () => {
  let server: TestServer;
  let world: DossierWorld;
  let director: TestUser;
  let dir: HttpClient;
  const today = () => localDate(new Date());
  const year = () => Number(today().slice(0, 4));

  beforeAll(async () => {
    server = await startTestServer();
    await server.loadPack();
    world = await dossierWorld(server, 'v2');
    director = await createUser(server.db, 'v2.dir.a', [{ profile: 'directeur', establishmentId: world.estA }]);
    dir = server.client();
    expect((await dir.login(director.login, director.password)).status).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('capacity spreadsheet', () => {
    it('lists every place with the columns of the model, computed from placements, with no personal data', async () => {
      await server.db('unit').where({ id: world.unitA1 }).update({ capacity: 3, place_type: 'Internat complet', age_min: 8, age_max: 12, place_sex: 'F', accueil_mna: true });
      await server.db('unit').where({ id: world.unitA2 }).update({ capacity: 2, place_type: 'Habitat diffus', age_min: 15, age_max: 18, place_sex: 'Mixte', accueil_ph: true, accueil_renforce: ['Autisme'] });
      const chef = await world.as('chefA');
      await createDossier(chef, { identity: identity({ birthName: 'CAPA' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted', placement: { startDate: '2026-01-01', legalBasis: 'assistance_educative' } });
      await createDossier(chef, { identity: identity({ birthName: 'CITE' }), establishmentId: world.estA, unitId: world.unitA2, status: 'admitted', placement: { startDate: '2026-01-01', endDate: `${year() + 1}-06-30`, legalBasis: 'accueil_provisoire' } });
      await createDossier(chef, { identity: identity({ birthName: 'PASSE' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted', placement: { startDate: '2020-01-01', endDate: '2021-01-01', legalBasis: 'accueil_provisoire' } });

      const sec = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
      const file = await sec.get(`/api/exports/capacity.xlsx?establishment=${world.estA}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Places')!;
      const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
      expect(rows[0]!.slice(0, 8)).toEqual(['Place n°', 'Disponible', 'Type de place', 'Tranche d’âge', 'Sexe', 'Accueil PH', 'Accueil MNA', 'Autres modalités d’accueils renforcés']);
      // units in name order: « Groupe des grands » (A2, 2 places) then « Groupe des petits » (A1, 3 places)
      expect(rows.slice(1).map((r) => r.slice(0, 8))).toEqual([
        [1, 'Non disponible', 'Habitat diffus', '15-18', 'Mixte', 'Oui', 'Non', 'Autisme'],
        [2, 'Disponible', 'Habitat diffus', '15-18', 'Mixte', 'Oui', 'Non', 'Autisme'],
        [3, 'Non disponible', 'Internat complet', '8-12', 'F', 'Non', 'Oui', 'N/A'],
        [4, 'Disponible', 'Internat complet', '8-12', 'F', 'Non', 'Oui', 'N/A'],
        [5, 'Disponible', 'Internat complet', '8-12', 'F', 'Non', 'Oui', 'N/A'],
      ]);
      expect(rows[1]![12]).toBe(`${year() + 1}-07-01`);
      const everything = JSON.stringify(rows);
      for (const name of ['CAPA', 'CITE', 'PASSE', 'DUPONT', 'Éloïse']) expect(everything).not.toContain(name);

      const other = await rawSession(server.baseUrl, world.users.secB.login, world.users.secB.password);
      expect((await other.get(`/api/exports/capacity.xlsx?establishment=${world.estA}`)).status).toBe(404);
      const educator = await rawSession(server.baseUrl, world.users.educA1.login, world.users.educA1.password);
      expect((await educator.get(`/api/exports/capacity.xlsx?establishment=${world.estA}`)).status).toBe(403);
      expect((await sec.get('/api/exports/capacity.xlsx?establishment=pas-un-uuid')).status).toBe(422);
    });
  });

  describe('archive', () => {
    let dossierId: string;
    let packagePath: string;

    it('refuses to archive a dossier still in care, and a profile without the right', async () => {
      const chef = await world.as('chefA');
      const admitted = await createDossier(chef, { identity: identity({ birthName: 'ENCOURS' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' });
      const refused = await dir.post(`/api/dossiers/${admitted.id}/archive`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('ARCHIVE_NOT_ALLOWED');
      expect((await (await world.as('educA1')).post(`/api/dossiers/${admitted.id}/archive`, {})).status).toBe(403);
      expect((await (await world.as('secB')).post(`/api/dossiers/${admitted.id}/archive`, {})).status).toBe(404);
    });

    it('is prepared by the secretariat, then validated by the director: package signed, dossier sealed', async () => {
      const chef = await world.as('chefA');
      const dossier = await createDossier(chef, {
        identity: identity({ birthName: 'ARCHIVE', firstNames: 'Léa' }),
        establishmentId: world.estA,
        unitId: world.unitA1,
        status: 'admitted',
        placement: { startDate: '2025-01-01', endDate: '2025-12-31', legalBasis: 'assistance_educative' },
      });
      dossierId = dossier.id;
      expect((await dir.post(`/api/dossiers/${dossierId}/submissions`, { form: 'contrat-sejour', status: 'final', data: { ...packExamples['contrat-sejour'], fondement_juridique: 'assistance_educative' } })).status).toBe(201);
      expect((await dir.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' })).status).toBe(201);
      const sec = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
      expect((await sec.post(`/api/dossiers/${dossierId}/attachments?filename=jugement.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 jugement')), 'application/pdf')).status).toBe(201);
      const view = await dir.get(`/api/dossiers/${dossierId}`);
      expect((await dir.patch(`/api/dossiers/${dossierId}`, { lockVersion: view.body.lockVersion, status: 'discharged' })).status).toBe(200);

      const prepared = await (await world.as('secA')).post(`/api/dossiers/${dossierId}/archive`, {});
      expect(prepared.status).toBe(201);
      expect(prepared.body).toMatchObject({ status: 'prepared', dossierStatus: 'discharged' });

      const sealed = await dir.post(`/api/dossiers/${dossierId}/archive`, {});
      expect(sealed.status).toBe(201);
      expect(sealed.body).toMatchObject({ status: 'sealed', dossierStatus: 'archived' });
      expect(sealed.body.publicKey).toContain('BEGIN PUBLIC KEY');
      expect((await dir.get(`/api/dossiers/${dossierId}`)).body.status).toBe('archived');

      const raw = await rawSession(server.baseUrl, director.login, director.password);
      const zip = await raw.get(`/api/archive-packages/${sealed.body.packageId}/content`);
      expect(zip.status).toBe(200);
      const files = unzipSync(new Uint8Array(zip.bytes));
      const names = Object.keys(files);
      expect(names).toEqual(expect.arrayContaining(['manifest.json', 'manifest.sig', 'public-key.pem', 'dossier.json', 'audit/audit-extract.json', 'documents/index.json']));
      expect(names.filter((n) => n.startsWith('documents/') && n.endsWith('.pdf'))).toHaveLength(1);
      expect(names.filter((n) => n.startsWith('submissions/contrat-sejour/'))).toHaveLength(1);
      expect(names.filter((n) => n.startsWith('attachments/'))).toHaveLength(1);
      expect(names.some((n) => n.startsWith('forms/contrat-sejour-'))).toBe(true);
      const submission = JSON.parse(new TextDecoder().decode(files[names.find((n) => n.startsWith('submissions/'))!]));
      expect(submission.revisions[0].form).toMatchObject({ version: '1.0.0' });
      const audit = JSON.parse(new TextDecoder().decode(files['audit/audit-extract.json']));
      expect([...audit.sealed, ...audit.pending.map((p: { event: unknown }) => p.event)].map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['dossier.create', 'document.create']));

      const dirPath = mkdtempSync(join(tmpdir(), 'cordee-archive-'));
      packagePath = join(dirPath, 'package.zip');
      writeFileSync(packagePath, zip.bytes);
      expect(verifyArchiveFile(packagePath)).toMatchObject({ code: 0 });
      const keyPath = join(dirPath, 'key.pem');
      writeFileSync(keyPath, sealed.body.publicKey);
      expect(verifyArchiveFile(packagePath, keyPath).code).toBe(0);

      // one altered file: the verify command fails and names it
      const pdfName = names.find((n) => n.endsWith('.pdf') && n.startsWith('documents/'))!;
      const altered = { ...files, [pdfName]: new Uint8Array(Buffer.concat([Buffer.from(files[pdfName]!), Buffer.from('%')])) };
      const alteredPath = join(dirPath, 'altered.zip');
      writeFileSync(alteredPath, zipSync(altered));
      const failed = verifyArchiveFile(alteredPath);
      expect(failed.code).toBe(1);
      expect(failed.output).toContain(`${pdfName} : l’empreinte SHA-256 ne correspond pas`);
      expect(verifyArchiveFile(join(dirPath, 'absent.zip')).code).toBe(2);
    });

    it('refuses every write to the sealed dossier with DOSSIER_ARCHIVED, through the API and in the database', async () => {
      const view = await dir.get(`/api/dossiers/${dossierId}`);
      const attempts = [
        await dir.patch(`/api/dossiers/${dossierId}`, { lockVersion: view.body.lockVersion, status: 'admitted' }),
        await dir.post(`/api/dossiers/${dossierId}/submissions`, { form: 'contrat-sejour', status: 'final', data: packExamples['contrat-sejour'] }),
        await dir.post(`/api/dossiers/${dossierId}/placements`, { establishmentId: world.estA, startDate: '2026-03-01', legalBasis: 'accueil_provisoire' }),
        await dir.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' }),
        await dir.post(`/api/dossiers/${dossierId}/archive`, {}),
      ];
      for (const a of attempts) {
        expect(a.status).toBe(409);
        expect(a.body.code).toBe('DOSSIER_ARCHIVED');
      }
      const sec = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
      expect((await sec.post(`/api/dossiers/${dossierId}/attachments?filename=x.pdf`, new Uint8Array(Buffer.from('%PDF')), 'application/pdf')).body.code).toBe('DOSSIER_ARCHIVED');
      const [submission] = await server.db('submission').where({ dossier_id: dossierId }).select('id', 'lock_version');
      const patched = await dir.patch(`/api/submissions/${submission.id}`, { lockVersion: submission.lock_version, data: packExamples['contrat-sejour'] });
      expect(patched.body.code).toBe('DOSSIER_ARCHIVED');
      // whatever writes (a worker, a route added later), the database refuses it
      await expect(server.db('dossier').where({ id: dossierId }).update({ unit_id: world.unitA2 })).rejects.toMatchObject({ code: 'CD409' });
      await expect(server.db('placement').where({ dossier_id: dossierId }).update({ end_date: '2026-01-01' })).rejects.toMatchObject({ code: 'CD409' });
      // reads stay possible, and are audited
      expect((await dir.get(`/api/dossiers/${dossierId}/documents`)).status).toBe(200);
    });

    it('refuses setting the archived status without the package', async () => {
      const chef = await world.as('chefA');
      const dossier = await createDossier(chef, { identity: identity({ birthName: 'RACCOURCI' }), establishmentId: world.estA, status: 'admitted' });
      const response = await dir.patch(`/api/dossiers/${dossier.id}`, { lockVersion: dossier.lockVersion, status: 'archived' });
      expect(response.status).toBe(422);
      expect(response.body.issues[0].path).toBe('/status');
    });
  });

  describe('reporting events', () => {
    it('counts admissions, exits, grids, documents and signatures, in the transaction of the change', async () => {
      const establishmentId = world.estB;
      const chefB = await world.as('chefB');
      const directorB = await createUser(server.db, 'v2.dir.b', [{ profile: 'directeur', establishmentId }]);
      const dirB = server.client();
      await dirB.login(directorB.login, directorB.password);
      const dossier = await createDossier(chefB, { identity: identity({ birthName: 'STAT', birthDate: '2015-02-01' }), establishmentId, unitId: world.unitB1, status: 'waiting', placement: { startDate: '2026-01-01', legalBasis: 'accueil_provisoire' } });
      let view = await chefB.get(`/api/dossiers/${dossier.id}`);
      expect((await chefB.patch(`/api/dossiers/${dossier.id}`, { lockVersion: view.body.lockVersion, status: 'admitted' })).status).toBe(200);
      const draft = await chefB.post(`/api/dossiers/${dossier.id}/submissions`, { form: 'g1-besoins-fondamentaux', kind: 'grid', status: 'draft', data: {} });
      expect(draft.status).toBe(201);
      const final = await chefB.patch(`/api/submissions/${draft.body.id}`, { lockVersion: draft.body.lockVersion, status: 'final', data: packExamples['g1-besoins-fondamentaux'] });
      expect(final.status).toBe(200);
      // a new revision of a final grid is not a second completed grid
      expect((await chefB.patch(`/api/submissions/${draft.body.id}`, { lockVersion: final.body.lockVersion, data: packExamples['g1-besoins-fondamentaux'] })).status).toBe(200);
      view = await chefB.get(`/api/dossiers/${dossier.id}`);
      expect((await chefB.patch(`/api/dossiers/${dossier.id}`, { lockVersion: view.body.lockVersion, status: 'discharged' })).status).toBe(200);
      // a refused change writes no event (same transaction)
      expect((await chefB.patch(`/api/dossiers/${dossier.id}`, { lockVersion: 0, status: 'admitted' })).status).toBe(409);

      const day = today();
      const summary = await dirB.get(`/api/reporting/events?from=${day}&to=${day}&establishment=${establishmentId}`);
      expect(summary.status).toBe(200);
      const totals = Object.fromEntries(summary.body.totals.map((t: { kind: string; count: number }) => [t.kind, t.count]));
      expect(totals).toMatchObject({ admission: 1, exit: 1, grid_completed: 1, incident: 0, document_signed: 0 });
      const admission = summary.body.groups.find((g: { kind: string }) => g.kind === 'admission');
      expect(admission).toMatchObject({ ageBand: '11-14', legalBasis: 'accueil_provisoire', artefactKey: null, count: 1 });
      const grid = summary.body.groups.find((g: { kind: string }) => g.kind === 'grid_completed');
      expect(grid).toMatchObject({ artefactKey: 'g1-besoins-fondamentaux', count: 1 });

      expect((await chefB.get(`/api/reporting/events?from=${day}&to=${day}&establishment=${establishmentId}`)).status).toBe(403);
      expect((await dir.get(`/api/reporting/events?from=${day}&to=${day}&establishment=${establishmentId}`)).status).toBe(404);
      expect((await dirB.get(`/api/reporting/events?from=2026-02-01&to=2026-01-01&establishment=${establishmentId}`)).status).toBe(422);
    });

    it('counts documents, archiving and capacity exports in establishment A', async () => {
      const day = today();
      const summary = await dir.get(`/api/reporting/events?from=${day}&to=${day}&establishment=${world.estA}`);
      const totals = Object.fromEntries(summary.body.totals.map((t: { kind: string; count: number }) => [t.kind, t.count]));
      expect(totals).toMatchObject({ document_generated: 1, dossier_archived: 1, capacity_exported: 1, exit: 1 });
    });

    it('cannot hold free text or names: every text column is a closed code or a key of published metadata', async () => {
      const { rows } = await server.db.raw(`select column_name from information_schema.columns where table_name = 'reporting_event' and data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea')`);
      expect(rows.map((r: { column_name: string }) => r.column_name).sort()).toEqual(['age_band', 'artefact_key', 'artefact_kind', 'kind', 'legal_basis', 'signatory_role', 'signature_mode']);
      const base = { kind: 'admission', establishment_id: world.estA, day: today() };
      const freeText = 'Noémie LEBRUN a fugué';
      for (const column of ['kind', 'age_band', 'legal_basis', 'signature_mode', 'signatory_role']) {
        await expect(server.db('reporting_event').insert({ ...base, [column]: freeText })).rejects.toMatchObject({ code: '23514' });
      }
      await expect(server.db('reporting_event').insert({ ...base, artefact_kind: 'form', artefact_key: freeText })).rejects.toMatchObject({ code: '23503' });
      await expect(server.db('reporting_event').insert({ ...base, artefact_kind: 'form', artefact_key: null })).rejects.toMatchObject({ code: '23514' });
      await expect(server.db('reporting_event').update({ value: 1 })).rejects.toThrow(/append-only/);
    });
  });
});
