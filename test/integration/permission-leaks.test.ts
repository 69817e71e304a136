/**
 * Permission defects found by the use-case test, over HTTP with the pack's real profiles:
 * - the existence of records of which a user may read no field (a psychologist's notes, incidents,
 *   transmissions) does not show in the feed, the timeline, the synthesis counts nor the dossier's list;
 * - a stored document is read only by who may read each data category it rendered (its list,
 *   metadata, content and signatures), documents generated before the categories were recorded aside;
 * - the `cr-educatif` template renders the agenda event that held the meeting;
 * - a transmission's `visibilite` restricts who reads it (referents, encadrement, author);
 * - the parents read the emergency contacts sheet (F11).
 */
import { localDate } from '@cordee/core';
import { packArtefacts } from '@cordee/seeds';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { DAY, example } from '../helpers/pack-workflow-driver';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowUser, type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;

type Extra = 'educA1bis' | 'moniA1' | 'veilleurA1' | 'maitresseA1';
type Actor = WorkflowUser | Extra;
const extra = {} as Record<Extra, TestUser>;
const clients = new Map<string, HttpClient>();

async function signIn(user: TestUser): Promise<HttpClient> {
  const client = server.client();
  const login = await client.login(user.login, user.password);
  if (login.status !== 200) throw new Error(`login of ${user.login} failed: ${login.status}`);
  return client;
}

async function as(name: Actor): Promise<HttpClient> {
  if (!(name in extra)) return world.as(name as WorkflowUser);
  if (!clients.has(name)) clients.set(name, await signIn(extra[name as Extra]));
  return clients.get(name)!;
}

const userOf = (name: Actor): TestUser => (name in extra ? extra[name as Extra] : world.users[name as WorkflowUser]);
const daysFromToday = (days: number) => localDate(new Date(Date.now() + days * DAY));
const titleOf = (formKey: string) => packArtefacts().find((a) => a.kind === 'form' && a.key === formKey)!.definition.title as string;

async function submitted(actor: Actor, dossierId: string, form: string, data: Record<string, unknown>): Promise<any> {
  const response = await (await as(actor)).post(`/api/dossiers/${dossierId}/submissions`, { form, status: 'final', data });
  if (response.status !== 201) throw new Error(`${actor} could not submit ${form}: ${response.status} ${response.text}`);
  return response.body;
}

async function generated(actor: Actor, dossierId: string, template: string, submission?: string): Promise<any> {
  const response = await (await as(actor)).post(`/api/dossiers/${dossierId}/documents`, { template, ...(submission ? { submission } : {}) });
  if (response.status !== 201) throw new Error(`${actor} could not generate ${template}: ${response.status} ${response.text}`);
  return response.body;
}

async function addToCareTeam(dossierId: string, member: Actor, role: string): Promise<void> {
  const response = await (await as('chefA')).post(`/api/dossiers/${dossierId}/care-team`, { accountId: userOf(member).id, role, startDate: daysFromToday(-1) });
  if (response.status !== 201) throw new Error(`care team: ${response.status} ${response.text}`);
}

async function portalAccount(login: string, profile: 'usager' | 'tap', dossierId: string): Promise<{ user: TestUser; client: HttpClient }> {
  const user = await createUser(server.db, login, [{ profile }]);
  await server.db('account_dossier_link').insert({ account_id: user.id, dossier_id: dossierId, relation: profile === 'usager' ? 'usager' : 'legal_representative' });
  return { user, client: await signIn(user) };
}

/** The ids a feed of a form shows of one child (the world's other children share the unit). */
const feedIds = async (client: HttpClient, form: string, dossierId: string): Promise<string[]> => {
  const response = await client.get(`/api/submissions?form=${form}&limit=200`);
  expect(response.status).toBe(200);
  return response.body.items.filter((i: { dossierId: string }) => i.dossierId === dossierId).map((i: { id: string }) => i.id);
};

const listedIds = async (client: HttpClient, dossierId: string): Promise<string[]> => {
  const response = await client.get(`/api/dossiers/${dossierId}/submissions?limit=100`);
  expect(response.status).toBe(200);
  return response.body.items.map((i: { id: string }) => i.id);
};

const timelineOf = async (client: HttpClient, dossierId: string): Promise<Array<{ label: string; actorName: string | null; submissionId: string | null }>> => {
  const response = await client.get(`/api/dossiers/${dossierId}/timeline?limit=200`);
  expect(response.status).toBe(200);
  return response.body.items;
};

const countedForms = async (client: HttpClient, dossierId: string): Promise<string[]> => {
  const response = await client.get(`/api/dossiers/${dossierId}/synthesis`);
  expect(response.status).toBe(200);
  return response.body.forms.map((f: { formKey: string }) => f.formKey);
};

const documentIds = async (client: HttpClient, dossierId: string): Promise<string[]> => {
  const response = await client.get(`/api/dossiers/${dossierId}/documents?limit=100`);
  expect(response.status).toBe(200);
  return response.body.items.map((d: { id: string }) => d.id);
};

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  world = await workflowWorld(server, 'pl');
  const staff: Array<[Extra, string]> = [
    ['educA1bis', 'educateur_specialise'],
    ['moniA1', 'moniteur_educateur'],
    ['veilleurA1', 'veilleur_nuit'],
    ['maitresseA1', 'maitresse_maison'],
  ];
  for (const [name, profile] of staff) extra[name] = await createUser(server.db, `pl.${name}`, [{ profile, establishmentId: world.estA, unitId: world.unitA1 }]);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('records of which a user may read no field do not show that they exist', () => {
  let child: string;
  let parent: HttpClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    child = await world.dossier(daysFromToday(-40));
    await addToCareTeam(child, 'psyA', 'psychologue');
    ids.notes = (await submitted('psyA', child, 'notes-psychologue', example('notes-psychologue'))).id;
    ids.incident = (await submitted('educA1', child, 'incident', example('incident'))).id;
    ids.transmission = (await submitted('educA1', child, 'transmission', example('transmission'))).id;
    ids.contacts = (await submitted('secA', child, 'contacts-urgence', example('contacts-urgence'))).id;
    parent = (await portalAccount('pl.parent', 'tap', child)).client;
  });

  it('leaves them out of the feed of their form, for the parent and the secretariat alike', async () => {
    for (const form of ['notes-psychologue', 'incident', 'transmission']) expect({ form, ids: await feedIds(parent, form, child) }).toEqual({ form, ids: [] });
    expect(await feedIds(parent, 'contacts-urgence', child)).toEqual([ids.contacts]);
    const secretariat = await as('secA');
    for (const form of ['notes-psychologue', 'transmission']) expect({ form, ids: await feedIds(secretariat, form, child) }).toEqual({ form, ids: [] });
    // the matrix opens the incidents to the secretariat (category 9): they stay in its feed
    expect(await feedIds(secretariat, 'incident', child)).toEqual([ids.incident]);
    // their author and the team still see them
    expect(await feedIds(await as('psyA'), 'notes-psychologue', child)).toEqual([ids.notes]);
    expect(await feedIds(await as('educA1'), 'transmission', child)).toEqual([ids.transmission]);
  });

  it('leaves them out of the timeline, author included, and out of the synthesis counts', async () => {
    const hidden = ['notes-psychologue', 'incident', 'transmission'].map(titleOf);
    const events = await timelineOf(parent, child);
    expect(events.filter((e) => hidden.some((title) => e.label.startsWith(`${title} :`)))).toEqual([]);
    expect(events.map((e) => e.submissionId).filter(Boolean)).toEqual([ids.contacts]);
    expect(events.some((e) => e.actorName === world.users.psyA.login || e.actorName === `Test ${world.users.psyA.login}`)).toBe(false);
    expect(await countedForms(parent, child)).toEqual(['contacts-urgence']);

    const secretariat = await as('secA');
    const secretariatEvents = (await timelineOf(secretariat, child)).map((e) => e.submissionId);
    expect(secretariatEvents).not.toContain(ids.notes);
    expect(secretariatEvents).not.toContain(ids.transmission);
    expect(secretariatEvents).toContain(ids.incident);
    expect((await countedForms(secretariat, child)).sort()).toEqual(['contacts-urgence', 'incident']);

    // who may read them still sees them
    expect((await timelineOf(await as('psyA'), child)).some((e) => e.submissionId === ids.notes && e.label === `${titleOf('notes-psychologue')} : saisie`)).toBe(true);
    expect(await countedForms(await as('educA1'), child)).toEqual(expect.arrayContaining(['incident', 'transmission', 'contacts-urgence']));
    expect(await countedForms(await as('educA1'), child)).not.toContain('notes-psychologue');
  });

  it('keeps them out of the dossier’s list (one rule for every view)', async () => {
    expect(await listedIds(parent, child)).toEqual([ids.contacts]);
    expect((await listedIds(await as('secA'), child)).sort()).toEqual([ids.contacts, ids.incident].sort());
  });
});

describe('a stored document is read only by who may read each data category it rendered', () => {
  let child: string;
  let report: any;
  let contacts: any;

  beforeAll(async () => {
    child = await world.dossier(daysFromToday(-40));
    const ip = await submitted('dirA', child, 'recueil-ip', example('recueil-ip'));
    report = await generated('dirA', child, 'recueil-ip', ip.id);
    await submitted('secA', child, 'contacts-urgence', example('contacts-urgence'));
    contacts = await generated('secA', child, 'fiche-contact');
  });

  it('records the categories each document rendered', async () => {
    const rows = await server.db('document').whereIn('id', [report.id, contacts.id]).select('id', 'categories');
    const categories = Object.fromEntries(rows.map((r) => [r.id, r.categories]));
    expect(categories[report.id]).toEqual(expect.arrayContaining(['information_preoccupante', 'ip_reporter']));
    expect(categories[contacts.id]).toEqual(['health_daily']);
  });

  it('hides the IP report naming its reporter from the unit’s moniteur: list, metadata, content and signature answer as for an unknown document', async () => {
    const moniteur = await as('moniA1');
    const listed = await documentIds(moniteur, child);
    expect(listed).toContain(contacts.id);
    expect(listed).not.toContain(report.id);
    expect((await moniteur.get(`/api/documents/${report.id}`)).status).toBe(404);
    const raw = await rawSession(server.baseUrl, extra.moniA1.login, extra.moniA1.password);
    const content = await raw.get(`/api/documents/${report.id}/content`);
    expect(content.status).toBe(404);
    expect(content.headers.get('content-type')).not.toBe('application/pdf');
    // an éducateur of the unit, who signs the unit's documents but reads only the IPs they wrote, cannot sign it either
    expect((await (await as('educA1bis')).post(`/api/documents/${report.id}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(404);
    expect(await server.db('document_signature').where({ document_id: report.id }).count({ n: '*' }).first()).toEqual({ n: '0' });
    // what the moniteur may read stays readable
    expect((await raw.get(`/api/documents/${contacts.id}/content`)).headers.get('content-type')).toBe('application/pdf');
    await server.sealAudit();
    const denied = await server.db('audit_log').where({ target_id: report.id, actor_account_id: extra.moniA1.id, outcome: 'denied' }).pluck('action');
    expect(denied).toEqual(expect.arrayContaining(['document.read', 'document.content.read']));
  });

  it('leaves it to the director who made it, and to the chef de service who reads the IPs', async () => {
    for (const reader of ['dirA', 'chefA'] as const) {
      const client = await as(reader);
      expect(await documentIds(client, child)).toEqual(expect.arrayContaining([report.id, contacts.id]));
      expect((await client.get(`/api/documents/${report.id}`)).status).toBe(200);
    }
    const pdf = await (await rawSession(server.baseUrl, world.users.dirA.login, world.users.dirA.password)).get(`/api/documents/${report.id}/content`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await (await as('dirA')).post(`/api/documents/${report.id}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(201);
  });

  it('keeps a document generated before the categories were recorded readable as it was', async () => {
    const [legacy] = await server.db.raw(
      `insert into document (dossier_id, establishment_id, template_key, template_version_id, template_version, template_hash, title, sources, media_type, size_bytes, sha256, content, status, expected_signatories, created_by, created_at)
       select dossier_id, establishment_id, template_key, template_version_id, template_version, template_hash, title, sources, media_type, size_bytes, sha256, content, status, expected_signatories, created_by, created_at
         from document where id = ? returning id, categories`,
      [report.id],
    ).then((r: { rows: Array<{ id: string; categories: string[] | null }> }) => r.rows);
    expect(legacy!.categories).toBeNull();
    const moniteur = await as('moniA1');
    expect(await documentIds(moniteur, child)).toContain(legacy!.id);
    expect((await moniteur.get(`/api/documents/${legacy!.id}`)).status).toBe(200);
    // and the recorded categories cannot be rewritten
    await expect(server.db('document').where({ id: report.id }).update({ categories: null })).rejects.toThrow(/never changes/);
  });

  it('opens a document showing the medical record only by break-glass, and audits the read as such', async () => {
    const nurse = await createUser(server.db, 'pl.ide', [{ profile: 'infirmier', establishmentId: world.estA }]);
    const response = await (await as('chefA')).post(`/api/dossiers/${child}/care-team`, { accountId: nurse.id, role: 'infirmier', startDate: daysFromToday(-1) });
    expect(response.status).toBe(201);
    const sheet = await (await signIn(nurse)).post(`/api/dossiers/${child}/submissions`, { form: 'fiche-sanitaire', status: 'final', data: example('fiche-sanitaire', { antecedents_importants: 'Asthme du nourrisson' }) });
    expect(sheet.status).toBe(201);
    expect((await (await as('chefA')).post(`/api/dossiers/${child}/break-glass`, { reason: 'Hospitalisation en urgence cette nuit : antécédents à transmettre.' })).status).toBe(201);
    const synthesis = await generated('chefA', child, 'fiche-synthese');
    expect((await server.db('document').where({ id: synthesis.id }).first('categories')).categories).toContain('health');
    expect((await (await as('chefA')).get(`/api/documents/${synthesis.id}`)).status).toBe(200);
    await server.sealAudit();
    expect(await server.db('audit_log').where({ target_id: synthesis.id, action: 'document.read', actor_account_id: world.users.chefA.id }).pluck('purpose')).toEqual(['break_glass']);
    // the director, who has not broken the glass, neither lists nor reads it
    const director = await as('dirA');
    expect(await documentIds(director, child)).not.toContain(synthesis.id);
    expect((await director.get(`/api/documents/${synthesis.id}`)).status).toBe(404);
  });

  it('lets the parents read the emergency contacts sheet (F11), not sign it, and not read the IP report', async () => {
    const parent = await portalAccount('pl.parent.docs', 'tap', child);
    expect(await documentIds(parent.client, child)).toEqual([contacts.id]);
    const pdf = await (await rawSession(server.baseUrl, parent.user.login, parent.user.password)).get(`/api/documents/${contacts.id}/content`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await parent.client.post(`/api/documents/${contacts.id}/signatures`, { role: 'legal_representative', mode: 'electronic' })).status).toBe(403);
    expect((await parent.client.get(`/api/documents/${report.id}`)).status).toBe(404);
    const young = await portalAccount('pl.usager.docs', 'usager', child);
    expect(await documentIds(young.client, child)).toEqual([contacts.id]);
  });
});

describe('the compte rendu éducatif (F15)', () => {
  it('names an existing form in every pack template', () => {
    const forms = new Set(packArtefacts().filter((a) => a.kind === 'form' || a.kind === 'grid').map((a) => a.key));
    const templates = packArtefacts().filter((a) => a.kind === 'template');
    const dangling = templates.flatMap((t) => [t.definition.form, ...((t.definition.includes as string[] | undefined) ?? [])].filter((f): f is string => typeof f === 'string' && !forms.has(f)).map((f) => `${t.key} -> ${f}`));
    expect(dangling).toEqual([]);
  });

  it('renders the agenda event of the meeting with its participants and report as a PDF to sign', async () => {
    const child = await world.dossier(daysFromToday(-40));
    const meeting = await submitted(
      'educA1',
      child,
      'agenda-evenement',
      example('agenda-evenement', {
        titre: 'Synthèse avec le collège',
        type_evenement: 'synthese',
        date_evenement: daysFromToday(-2),
        statut: 'realise',
        presence_usager: 'non_concerne',
        participants: [{ nom: 'Hélène Girard', qualite: 'partenaire', presence: 'present' }],
        compte_rendu: 'Tutorat deux fois par semaine.',
      }),
    );
    const preview = await (await as('educA1')).post(`/api/dossiers/${child}/documents/preview`, { template: 'cr-educatif', submission: meeting.id });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Tutorat deux fois par semaine.');
    const document = await generated('educA1', child, 'cr-educatif', meeting.id);
    expect(document).toMatchObject({ templateKey: 'cr-educatif', mediaType: 'application/pdf', status: 'awaiting_signatures', expectedSignatories: ['professional'] });
    expect(document.sources).toEqual([expect.objectContaining({ submissionId: meeting.id, formKey: 'agenda-evenement' })]);
    const pdf = await (await rawSession(server.baseUrl, world.users.educA1.login, world.users.educA1.password)).get(`/api/documents/${document.id}/content`);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // a submission of another form is refused with the field named
    const note = await submitted('educA1', child, 'transmission', example('transmission'));
    const wrong = await (await as('educA1')).post(`/api/dossiers/${child}/documents`, { template: 'cr-educatif', submission: note.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.issues.map((i: { path: string }) => i.path)).toEqual(['/submission']);
  });
});

describe('a transmission’s visibility restricts who reads it', () => {
  let child: string;
  const ids: Record<string, string> = {};
  const note = (visibilite: string, texte: string) => example('transmission', { visibilite, texte });

  beforeAll(async () => {
    child = await world.dossier(daysFromToday(-40));
    await addToCareTeam(child, 'educA1', 'referent');
    await addToCareTeam(child, 'psyA', 'psychologue');
    ids.team = (await submitted('educA1bis', child, 'transmission', note('equipe_unite', 'Soirée calme.'))).id;
    ids.restricted = (await submitted('educA1', child, 'transmission', note('restreinte', 'Confidence sur la situation familiale.'))).id;
    ids.management = (await submitted('moniA1', child, 'transmission', note('referent_et_encadrement', 'Propos inquiétants au coucher.'))).id;
  });

  it('keeps the audience of each transmission on the record, from its answers', async () => {
    const rows = await server.db('submission').whereIn('id', Object.values(ids)).select('id', 'audience');
    expect(Object.fromEntries(rows.map((r) => [r.id, r.audience]))).toEqual({ [ids.team!]: 'equipe_unite', [ids.restricted!]: 'restreinte', [ids.management!]: 'referent_et_encadrement' });
  });

  it('shows a restricted transmission to the child’s referent, the chef de service and the direction', async () => {
    for (const reader of ['educA1', 'chefA', 'dirA'] as const) {
      const client = await as(reader);
      expect({ reader, ids: (await feedIds(client, 'transmission', child)).sort() }).toEqual({ reader, ids: Object.values(ids).sort() });
      const read = await client.get(`/api/submissions/${ids.restricted}`);
      expect({ reader, status: read.status }).toEqual({ reader, status: 200 });
      expect(read.body.data.texte).toBe('Confidence sur la situation familiale.');
    }
  });

  it('hides it from the rest of the unit and of the care team, in lists and by id, but not from its author', async () => {
    for (const reader of ['educA1bis', 'veilleurA1', 'maitresseA1', 'psyA', 'moniA1'] as const) {
      const client = await as(reader);
      const visible = reader === 'moniA1' ? [ids.team, ids.management] : [ids.team];
      expect({ reader, feed: (await feedIds(client, 'transmission', child)).sort() }).toEqual({ reader, feed: visible.sort() });
      expect({ reader, list: (await listedIds(client, child)).filter((id) => Object.values(ids).includes(id)).sort() }).toEqual({ reader, list: visible.sort() });
      expect({ reader, status: (await client.get(`/api/submissions/${ids.restricted}`)).status }).toEqual({ reader, status: 404 });
      const timeline = (await timelineOf(client, child)).map((e) => e.submissionId);
      expect(timeline).not.toContain(ids.restricted);
      expect((await client.get(`/api/dossiers/${child}/synthesis`)).body.forms).toEqual(expect.arrayContaining([expect.objectContaining({ formKey: 'transmission', count: visible.length })]));
    }
    expect((await (await as('moniA1')).get(`/api/submissions/${ids.management}`)).status).toBe(200);
    expect((await (await as('educA1bis')).get(`/api/submissions/${ids.management}`)).status).toBe(404);
    // a write to what one cannot read answers as for an unknown record
    const patch = await (await as('educA1bis')).patch(`/api/submissions/${ids.restricted}`, { lockVersion: 1, data: note('equipe_unite', 'Réécrite') });
    expect(patch.status).toBe(404);
    expect((await server.db('submission').where({ id: ids.restricted }).first('current_revision', 'audience'))).toEqual({ current_revision: 1, audience: 'restreinte' });
  });

  it('follows the visibility of the latest revision: opened to the team, the transmission shows to all of it', async () => {
    const referent = await as('educA1');
    const current = await referent.get(`/api/submissions/${ids.restricted}`);
    const opened = await referent.patch(`/api/submissions/${ids.restricted}`, { lockVersion: current.body.lockVersion, data: { ...current.body.data, visibilite: 'equipe_unite' } });
    expect(opened.status).toBe(200);
    expect((await server.db('submission').where({ id: ids.restricted }).first('audience')).audience).toBe('equipe_unite');
    expect((await (await as('veilleurA1')).get(`/api/submissions/${ids.restricted}`)).status).toBe(200);
    expect(await feedIds(await as('educA1bis'), 'transmission', child)).toContain(ids.restricted);
  });
});
