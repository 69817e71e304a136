/** Attachments over HTTP: stored in PostgreSQL with their SHA-256, verified when served, only to who may read the dossier; referred to from answers. */
import { createHash } from 'node:crypto';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type RawSession, rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

const LIMIT = 64 * 1024;
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('Jugement du tribunal pour enfants — ordonnance de placement provisoire.\n'), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const pieceRef = { type: 'object', title: 'Pièce', 'x-cordee-widget': 'attachment', required: ['attachmentId'], properties: { attachmentId: { type: 'string', format: 'uuid', title: 'Identifiant de la pièce' } } };
const decisionForm = {
  title: 'Décision judiciaire',
  schema: {
    type: 'object',
    required: ['jugement'],
    properties: {
      jugement: { ...pieceRef, title: 'Jugement', 'x-cordee-category': 'judicial' },
      annexes: { type: 'array', title: 'Annexes', items: pieceRef },
    },
  },
  uiSchema: {},
};

describe('attachments', () => {
  let server: TestServer;
  let world: DossierWorld;
  let chefA: HttpClient;
  let rawChefA: RawSession;
  let dossierId: string;
  let otherDossierId: string;
  let stored: any;

  const count = async () => Number((await server.db('attachment').count({ n: '*' }).first())!.n);
  const as = (name: keyof DossierWorld['users']) => rawSession(server.baseUrl, world.users[name].login, world.users[name].password);

  beforeAll(async () => {
    server = await startTestServer({ config: { attachmentMaxBytes: LIMIT } });
    world = await dossierWorld(server, 'piece');
    await (await qualityManager(server, 'piece.rq')).publish('forms', 'decision', decisionForm);
    chefA = await world.as('chefA');
    rawChefA = await as('chefA');
    dossierId = (await createDossier(chefA, { identity: identity(), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
    otherDossierId = (await createDossier(chefA, { identity: identity({ birthName: 'AUTRE' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
  });
  afterAll(() => server.close());

  it('stores an upload with its SHA-256, size and media type, and serves the same bytes back', async () => {
    const upload = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=${encodeURIComponent('Jugement du 3 mai 2025.pdf')}`, pdf, 'application/pdf');
    expect(upload.status).toBe(201);
    stored = upload.body;
    expect(stored).toMatchObject({ dossierId, filename: 'Jugement du 3 mai 2025.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, sha256: sha256(pdf) });
    const row = await server.db('attachment').where({ id: stored.id }).first();
    expect(row.sha256).toBe(sha256(pdf));
    expect(Buffer.compare(row.content, pdf)).toBe(0);
    expect(row.establishment_id).toBe(world.estA);

    const served = await rawChefA.get(`/api/attachments/${stored.id}/content`);
    expect(served.status).toBe(200);
    expect(Buffer.compare(served.bytes, pdf)).toBe(0);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="Jugement du 3 mai 2025.pdf"; filename*=UTF-8''Jugement%20du%203%20mai%202025.pdf`);
    expect(served.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(pdf).digest('base64')}:`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses unknown types, missing names, empty and oversized files, writing nothing', async () => {
    const before = await count();
    const html = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=page.html`, Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(html.status).toBe(415);
    expect(html.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=x.pdf`, pdf, null)).status).toBe(415);
    const noName = await rawChefA.post(`/api/dossiers/${dossierId}/attachments`, pdf, 'application/pdf');
    expect(noName.status).toBe(422);
    expect(noName.body.issues[0].path).toBe('/filename');
    expect((await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=..`, pdf, 'application/pdf')).status).toBe(422);
    const empty = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=vide.pdf`, Buffer.alloc(0), 'application/pdf');
    expect(empty.status).toBe(422);
    const big = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=gros.pdf`, Buffer.alloc(LIMIT + 1, 7), 'application/pdf');
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const exact = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=${encodeURIComponent('../../limite.png')}`, Buffer.alloc(LIMIT, 7), 'image/png');
    expect(exact.status).toBe(201);
    expect(exact.body.filename).toBe('limite.png');
    expect(await count()).toBe(before + 1);
    expect((await rawChefA.post('/api/dossiers/00000000-0000-4000-8000-000000000000/attachments?filename=x.pdf', pdf, 'application/pdf')).status).toBe(404);
  });

  it('serves a file only to who may read its dossier, and audits uploads and reads', async () => {
    expect((await (await as('chefB')).get(`/api/attachments/${stored.id}/content`)).status).toBe(404);
    expect((await (await as('educA2')).get(`/api/attachments/${stored.id}/content`)).status).toBe(404);
    expect((await (await as('educA1')).get(`/api/attachments/${stored.id}/content`)).status).toBe(200);
    expect((await (await as('chefB')).post(`/api/dossiers/${dossierId}/attachments?filename=x.pdf`, pdf, 'application/pdf')).status).toBe(404);
    const anonymous = await fetch(`${server.baseUrl}/api/attachments/${stored.id}/content`);
    expect(anonymous.status).toBe(401);
    expect((await rawChefA.get('/api/attachments/pas-un-id/content')).status).toBe(404);

    const child = await createUser(server.db, 'piece.enfant', [{ profile: 'usager' }]);
    await server.db('account_dossier_link').insert({ account_id: child.id, dossier_id: dossierId, relation: 'usager' });
    const portal = await rawSession(server.baseUrl, child.login, child.password);
    expect((await portal.get(`/api/attachments/${stored.id}/content`)).status).toBe(200);
    expect((await portal.post(`/api/dossiers/${dossierId}/attachments?filename=x.pdf`, pdf, 'application/pdf')).status).toBe(403);

    await server.sealAudit();
    const rows = await server.db('audit_log').where({ target_id: stored.id }).orderBy('seq');
    expect(rows[0]).toMatchObject({ action: 'attachment.upload', dossier_id: dossierId, outcome: 'success' });
    expect(rows[0].detail).toMatchObject({ sha256: sha256(pdf), sizeBytes: pdf.length });
    const reads = rows.filter((r) => r.action === 'attachment.read');
    expect(reads.map((r) => r.outcome)).toEqual(['success', 'denied', 'denied', 'success', 'success']);
  });

  it('refuses to serve a file whose bytes no longer match their SHA-256', async () => {
    const upload = await rawChefA.post(`/api/dossiers/${dossierId}/attachments?filename=note.txt`, Buffer.from('Note de situation'), 'text/plain; charset=utf-8');
    expect(upload.status).toBe(201);
    expect(upload.body.mediaType).toBe('text/plain');
    await server.db('attachment').where({ id: upload.body.id }).update({ content: Buffer.from('Note de situatioN') });
    const served = await rawChefA.get(`/api/attachments/${upload.body.id}/content`);
    expect(served.status).toBe(500);
    expect(served.body.code).toBe('ATTACHMENT_CORRUPTED');
    await server.sealAudit();
    const [failure] = await server.db('audit_log').where({ target_id: upload.body.id, action: 'attachment.read' });
    expect(failure).toMatchObject({ outcome: 'failure', detail: { reason: 'sha256_mismatch' } });
  });

  it('lets answers refer to attachments of the same dossier only, following the one convention', async () => {
    const ok = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'decision', data: { jugement: { attachmentId: stored.id }, annexes: [{ attachmentId: stored.id }] }, status: 'final' });
    expect(ok.status).toBe(201);
    expect(ok.body.fields).toEqual(expect.arrayContaining([{ path: '/jugement', category: 'judicial' }]));

    const elsewhere = (await rawChefA.post(`/api/dossiers/${otherDossierId}/attachments?filename=autre.pdf`, pdf, 'application/pdf')).body;
    const foreign = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'decision', data: { jugement: { attachmentId: stored.id }, annexes: [{ attachmentId: elsewhere.id }] }, status: 'final' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.issues).toEqual([{ path: '/annexes/0', message: 'Cette pièce jointe n’existe pas dans ce dossier.' }]);
    const unknown = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'decision', data: { jugement: { attachmentId: '00000000-0000-4000-8000-000000000000' } }, status: 'draft' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues[0].path).toBe('/jugement');
    const malformed = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'decision', data: { jugement: { attachmentId: 'x' } }, status: 'draft' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.issues[0].path).toBe('/jugement/attachmentId');
    expect(await server.db('submission').where({ dossier_id: dossierId })).toHaveLength(1);
  });
});
