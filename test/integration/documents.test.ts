/** Documents (DOC-2, HAB-2, HAB-3): templates rendered to HTML and to PDF in-process, stored with their sources, and their signature trail. */
import { packExamples } from '@cordee/seeds/src/pack-examples';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type RawSession, rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

/** What a test can check of PDF bytes without a PDF library: header, trailer, pages, embedded fonts with a Unicode map (selectable text). */
function pdfFacts(bytes: Buffer) {
  const text = bytes.toString('latin1');
  return {
    header: text.slice(0, 5),
    trailer: text.trimEnd().endsWith('%%EOF'),
    pages: (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length,
    embeddedFonts: (text.match(/\/FontFile2/g) ?? []).length,
    unicodeMaps: (text.match(/\/ToUnicode/g) ?? []).length,
  };
}

describe('documents', () => {
  let server: TestServer;
  let world: DossierWorld;
  let director: TestUser;
  let directorClient: HttpClient;
  let dossierId: string;
  let contractSubmissionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await server.loadPack();
    world = await dossierWorld(server, 'docs');
    director = await createUser(server.db, 'docs.dir.a', [{ profile: 'directeur', establishmentId: world.estA }]);
    directorClient = server.client();
    expect((await directorClient.login(director.login, director.password)).status).toBe(200);
    const chef = await world.as('chefA');
    const dossier = await createDossier(chef, {
      identity: identity({ birthName: 'LEBRUN', firstNames: 'Noémie' }),
      establishmentId: world.estA,
      unitId: world.unitA1,
      status: 'admitted',
      placement: { startDate: '2026-01-05', legalBasis: 'assistance_educative', decisionReference: 'TE Dole 26/014' },
    });
    dossierId = dossier.id;
    const contract = await directorClient.post(`/api/dossiers/${dossierId}/submissions`, {
      form: 'contrat-sejour',
      status: 'final',
      data: { ...packExamples['contrat-sejour'], fondement_juridique: 'assistance_educative', type_document: 'contrat_sejour' },
    });
    expect(contract.status).toBe(201);
    contractSubmissionId = contract.body.id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('publishes the templates of DOC-2 and the fiche de synthèse with the pack', async () => {
    const list = await directorClient.get('/api/metadata/templates');
    expect(list.status).toBe(200);
    const keys = list.body.items.map((t: { key: string }) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['contrat-sejour', 'ppe', 'cr-educatif', 'inventaire-effets', 'recueil-ip', 'projet-personnalise', 'fiche-contact', 'fiche-synthese', 'accueil-provisoire']));
  });

  it('previews a document as HTML (nothing stored) from the latest final submission', async () => {
    const preview = await directorClient.post(`/api/dossiers/${dossierId}/documents/preview`, { template: 'contrat-sejour' });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toMatch(/^text\/html/);
    expect(preview.text).toContain('Contrat de séjour');
    expect(preview.text).toContain('LEBRUN');
    expect(preview.text).toContain('Assistance éducative'); // enum code shown with its label
    expect(preview.text).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/); // French dates
    expect(await server.db('document').where({ dossier_id: dossierId }).count({ n: '*' }).first()).toEqual({ n: '0' });
  });

  it('generates, stores and serves the PDF: fonts embedded, text mapped to Unicode, hash checked', async () => {
    const created = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour', submission: contractSubmissionId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      templateKey: 'contrat-sejour',
      templateVersion: '1.0.0',
      status: 'awaiting_signatures',
      mediaType: 'application/pdf',
      expectedSignatories: ['professional', 'legal_representative', 'young_person'],
      sources: [{ submissionId: contractSubmissionId, revision: 1, formKey: 'contrat-sejour', formVersion: '1.0.0' }],
      signatures: [],
    });
    const raw = await rawSession(server.baseUrl, director.login, director.password);
    const pdf = await raw.get(`/api/documents/${created.body.id}/content`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const facts = pdfFacts(pdf.bytes);
    expect(facts).toMatchObject({ header: '%PDF-', trailer: true });
    expect(facts.pages).toBeGreaterThanOrEqual(1);
    expect(facts.embeddedFonts).toBeGreaterThanOrEqual(1);
    expect(facts.unicodeMaps).toBe(facts.embeddedFonts);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(created.body.sha256);

    const listed = await directorClient.get(`/api/dossiers/${dossierId}/documents`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.id]);

    await server.sealAudit();
    const actions = await server.db('audit_log').where({ dossier_id: dossierId }).whereIn('action', ['document.create', 'document.content.read', 'document.list']).pluck('action');
    expect(actions.sort()).toEqual(['document.content.read', 'document.create', 'document.list']);
    // the bytes of a generated document never change
    await expect(server.db('document').where({ id: created.body.id }).update({ content: Buffer.from('%PDF-forged') })).rejects.toThrow(/never changes/);
  });

  it('renders only what the requesting user may read (field permissions)', async () => {
    const ip = await directorClient.post(`/api/dossiers/${dossierId}/submissions`, { form: 'recueil-ip', status: 'final', data: packExamples['recueil-ip'] });
    expect(ip.status).toBe(201);
    const byDirector = await directorClient.post(`/api/dossiers/${dossierId}/documents/preview`, { template: 'recueil-ip' });
    expect(byDirector.status).toBe(200);
    expect(byDirector.text).toContain('Yanis Benali');
    expect(byDirector.text).toContain('reste seul le soir');
    // the educator of the unit reads neither the reporter's identity nor an IP written by someone else:
    // nothing of it is readable, so no document (not even an empty one) is rendered from it
    const educator = await world.as('educA1');
    const byEducator = await educator.post(`/api/dossiers/${dossierId}/documents/preview`, { template: 'recueil-ip' });
    expect(byEducator.status).toBe(422);
    expect(byEducator.body.issues[0].path).toBe('/submission');
    expect(byEducator.text).not.toContain('Yanis Benali');
    expect(byEducator.text).not.toContain('reste seul le soir');
  });

  it('refuses bad requests, other establishments and unknown templates', async () => {
    expect((await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour', extra: 1 })).status).toBe(422);
    const unknown = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'modele-inconnu' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues[0].path).toBe('/template');
    const wrongForm = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'ppe', submission: contractSubmissionId });
    expect(wrongForm.status).toBe(422);
    expect(wrongForm.body.issues[0].path).toBe('/submission');
    const noSubmission = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'ppe' });
    expect(noSubmission.status).toBe(422);
    const chefB = await world.as('chefB');
    expect((await chefB.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' })).status).toBe(404);
    expect((await chefB.get(`/api/dossiers/${dossierId}/documents`)).status).toBe(404);
    const [doc] = (await directorClient.get(`/api/dossiers/${dossierId}/documents`)).body.items;
    expect((await chefB.get(`/api/documents/${doc.id}/content`)).status).toBe(404);
    expect((await server.client().get(`/api/documents/${doc.id}/content`)).status).toBe(401);
    // the educator of the other unit sees no document of this child
    const otherUnit = await world.as('educA2');
    expect((await otherUnit.get(`/api/documents/${doc.id}`)).status).toBe(404);
  });

  it('traces the signature trail: electronic, scanned paper with its scan, refusal with its reason; complete when every signatory is traced', async () => {
    const created = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' });
    const docId = created.body.id;
    const secretary = await world.as('secA');
    // bad inputs first: nothing is written
    expect((await secretary.post(`/api/documents/${docId}/signatures`, { role: 'legal_representative', mode: 'scanned_paper', signatoryName: 'Mme Lebrun' })).body.issues[0].path).toBe('/scanAttachmentId');
    expect((await secretary.post(`/api/documents/${docId}/signatures`, { role: 'young_person', mode: 'refused', signatoryName: 'Noémie' })).body.issues[0].path).toBe('/comment');
    expect((await secretary.post(`/api/documents/${docId}/signatures`, { role: 'legal_representative', mode: 'scanned_paper', signatoryName: 'X', scanAttachmentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    // a secretary is no usager: no electronic signature in the name of the child
    expect((await secretary.post(`/api/documents/${docId}/signatures`, { role: 'young_person', mode: 'electronic' })).status).toBe(403);
    expect(await server.db('document_signature').where({ document_id: docId }).count({ n: '*' }).first()).toEqual({ n: '0' });

    const professional = await directorClient.post(`/api/documents/${docId}/signatures`, { role: 'professional', mode: 'electronic' });
    expect(professional.status).toBe(201);
    expect(professional.body.signatures[0]).toMatchObject({ role: 'professional', mode: 'electronic', signatoryName: 'Test docs.dir.a', signatoryAccountId: director.id });
    expect((await directorClient.post(`/api/documents/${docId}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(409);

    const raw: RawSession = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
    const scan = await raw.post(`/api/dossiers/${dossierId}/attachments?filename=contrat-signe.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 scan')), 'application/pdf');
    expect(scan.status).toBe(201);
    const paper = await secretary.post(`/api/documents/${docId}/signatures`, { role: 'legal_representative', mode: 'scanned_paper', signatoryName: 'Mme Sandrine Lebrun', scanAttachmentId: scan.body.id });
    expect(paper.status).toBe(201);
    expect(paper.body.status).toBe('awaiting_signatures');
    const refused = await secretary.post(`/api/documents/${docId}/signatures`, { role: 'young_person', mode: 'refused', signatoryName: 'Noémie Lebrun', comment: 'Ne souhaite pas signer avant d’en parler à son éducatrice.' });
    expect(refused.status).toBe(201);
    expect(refused.body.status).toBe('final');
    expect(refused.body.signatures.map((s: { mode: string }) => s.mode)).toEqual(['electronic', 'scanned_paper', 'refused']);
    await expect(server.db('document_signature').where({ document_id: docId }).delete()).rejects.toThrow(/append-only/);
    // a chef de service of another establishment cannot even see it
    expect((await (await world.as('chefB')).post(`/api/documents/${docId}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(404);
  });

  it('lets a legal representative sign electronically with their own account only', async () => {
    const created = await directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' });
    const parent = await createUser(server.db, 'docs.tap', [{ profile: 'tap' }]);
    await server.db('account_dossier_link').insert({ account_id: parent.id, dossier_id: dossierId, relation: 'legal_representative' });
    const client = server.client();
    expect((await client.login(parent.login, parent.password)).status).toBe(200);
    expect((await client.get(`/api/dossiers/${dossierId}/documents`)).body.items.length).toBeGreaterThanOrEqual(1);
    expect((await client.post(`/api/documents/${created.body.id}/signatures`, { role: 'young_person', mode: 'electronic' })).status).toBe(403);
    expect((await client.post(`/api/documents/${created.body.id}/signatures`, { role: 'legal_representative', mode: 'scanned_paper', signatoryName: 'X' })).status).toBe(403);
    const signed = await client.post(`/api/documents/${created.body.id}/signatures`, { role: 'legal_representative', mode: 'electronic' });
    expect(signed.status).toBe(201);
    expect(signed.body.signatures[0]).toMatchObject({ role: 'legal_representative', signatoryAccountId: parent.id });
  });

  it('serves the fiche de synthèse as a PDF', async () => {
    const raw = await rawSession(server.baseUrl, director.login, director.password);
    const pdf = await raw.get(`/api/dossiers/${dossierId}/synthesis.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfFacts(pdf.bytes)).toMatchObject({ header: '%PDF-', trailer: true });
    const other = await rawSession(server.baseUrl, world.users.chefB.login, world.users.chefB.password);
    expect((await other.get(`/api/dossiers/${dossierId}/synthesis.pdf`)).status).toBe(404);
  });

  it('renders concurrent documents of one dossier without mixing them up', async () => {
    const results = await Promise.all([0, 1, 2, 3].map(() => directorClient.post(`/api/dossiers/${dossierId}/documents`, { template: 'contrat-sejour' })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(4);
  });
});
