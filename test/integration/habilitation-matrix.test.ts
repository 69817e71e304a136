/**
 * The PDE habilitation matrix over HTTP (pde-domain.md §10.3, docs/adr/0006-field-permissions.md):
 * one form with a field of each data category, staff of every profile in one establishment (care
 * team members for the profiles whose scope is their file active), the usager and a legal
 * representative; for every profile × category × action the API allows or refuses as the table
 * below says, and a field one may not read never appears in any response. IDOR: another
 * establishment's ids answer 404.
 */
import { localDate } from '@cordee/core';
import { getSubmission, insertCareTeamMember, insertRevision, insertSubmission } from '@cordee/db';
import { effectiveFor, persistEffective } from '@cordee/server/src/metadata/effective';
import { createDossier, identity } from '../helpers/dossier-world';
import { type TestOrganisation, type TestUser, createOrganisation, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

const CATEGORIES = [
  'identity', 'administrative', 'judicial', 'contract', 'project', 'daily_life', 'evaluation', 'report', 'information_preoccupante', 'ip_reporter', 'incident',
  'health_daily', 'treatment', 'health', 'care_consent', 'psychology', 'psychology_notes', 'education', 'belongings', 'presence', 'social_rights', 'ase_exchange',
] as const;
type Category = (typeof CATEGORIES)[number];

/**
 * The matrix as encoded in the pack profiles, one string per profile in the order of CATEGORIES:
 * RW read and write; R read; W write without read; O own writings only (an information
 * préoccupante: write, and read back only what one wrote; psychologist's notes: only their author);
 * - nothing.
 */
const MATRIX: Record<string, string> = {
  //                   id   adm  jud  ctr  prj  dly  eva  rep  ip   ipr  inc  hdy  trt  hea  con  psy  psn  edu  bel  pre  soc  ase
  directeur:          'RW  R    RW   RW   R    R    R    R    RW   RW   RW   R    -    -    R    R    -    R    R    R    R    RW',
  chef_service:       'RW  R    RW   RW   RW   RW   RW   RW   RW   RW   RW   R    R    -    RW   R    -    RW   R    RW   R    RW',
  educateur_specialise:'R  RW   R    RW   RW   RW   RW   RW   O    -    RW   R    W    -    R    R    -    RW   RW   RW   RW   RW',
  moniteur_educateur: 'R   -    R    R    R    RW   W    R    O    -    RW   R    W    -    R    -    -    RW   RW   RW   -    R',
  maitresse_maison:   'R   -    R    R    R    RW   -    -    O    -    RW   R    -    -    -    -    -    R    RW   RW   -    -',
  veilleur_nuit:      'R   -    R    R    -    RW   -    -    O    -    RW   R    W    -    R    -    -    -    R    RW   -    -',
  psychologue:        'R   -    R    R    RW   R    RW   RW   R    -    R    R    -    -    R    RW   O    R    -    R    -    R',
  infirmier:          'R   -    R    R    RW   R    W    RW   R    -    RW   RW   RW   RW   RW   R    -    R    -    R    R    R',
  medecin:            'R   -    R    R    R    -    R    R    R    -    R    RW   RW   RW   RW   R    -    R    -    R    -    -',
  secretariat:        'RW  RW   RW   RW   R    -    -    R    R    -    R    RW   -    -    RW   -    -    RW   RW   RW   RW   RW',
  usager:             'R   -    R    R    R    -    R    R    -    -    -    R    R    -    R    -    -    R    R    R    R    -',
  tap:                'R   -    R    R    R    -    R    R    -    -    -    R    R    -    R    -    -    R    R    R    R    -',
};
const PROFILES = Object.keys(MATRIX);
const codes = (profile: string): Record<Category, string> => {
  const list = MATRIX[profile]!.trim().split(/\s+/);
  expect(list).toHaveLength(CATEGORIES.length);
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, list[i]!])) as Record<Category, string>;
};
/** The submission under test is written by the psychologist: only they are the author of its notes. */
const AUTHOR = 'psychologue';
const mayRead = (profile: string, c: Category) => ['R', 'RW'].includes(codes(profile)[c]) || (codes(profile)[c] === 'O' && profile === AUTHOR);
const mayWrite = (profile: string, c: Category) => ['W', 'RW'].includes(codes(profile)[c]) || (codes(profile)[c] === 'O' && profile === AUTHOR);
const PORTAL = new Set(['usager', 'tap']);

const marker = (c: Category) => `val:${c}:`;
const matrixForm = {
  title: 'Matrice d’habilitation (test)',
  schema: {
    type: 'object',
    properties: {
      libre: { type: 'string', title: 'Champ sans catégorie' },
      ...Object.fromEntries(CATEGORIES.map((c) => [c, { type: 'string', title: `Champ ${c}`, 'x-cordee-category': c }])),
    },
  },
  uiSchema: {},
};

describe('habilitation matrix over HTTP', () => {
  let server: TestServer;
  let org: TestOrganisation;
  let estA: string;
  let unitA1: string;
  let users: Record<string, TestUser>;
  let chefB: TestUser;
  let dossierA: any;
  let submissionId: string;
  const clients = new Map<string, HttpClient>();

  const as = async (profile: string): Promise<HttpClient> => {
    let client = clients.get(profile);
    if (!client) {
      client = server.client();
      const user = profile === 'chefB' ? chefB : users[profile]!;
      expect((await client.login(user.login, user.password)).status).toBe(200);
      clients.set(profile, client);
    }
    return client;
  };

  /** A response never carries a value of a category the profile may not read. */
  const expectNoForbiddenValue = (profile: string, text: string) => {
    const leaked = CATEGORIES.filter((c) => !mayRead(profile, c) && text.includes(marker(c)));
    expect({ profile, leaked }).toEqual({ profile, leaked: [] });
  };

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrganisation(server.db, 'Association Matrice');
    estA = org.establishments[0]!.id;
    unitA1 = org.establishments[0]!.unitIds[0]!;
    const scoped = new Set(['educateur_specialise', 'moniteur_educateur', 'maitresse_maison', 'veilleur_nuit']);
    users = {};
    for (const profile of PROFILES) {
      const assignment = PORTAL.has(profile) ? { profile } : { profile, establishmentId: estA, ...(scoped.has(profile) ? { unitId: unitA1 } : {}) };
      users[profile] = await createUser(server.db, `matrice.${profile}`, [assignment]);
    }
    chefB = await createUser(server.db, 'matrice.chef.b', [{ profile: 'chef_service', establishmentId: org.establishments[1]!.id }]);
    await (await qualityManager(server, 'matrice.qualite')).publish('forms', 'matrice', matrixForm);

    const placement = { startDate: localDate(new Date(Date.now() - 30 * 86_400_000)), legalBasis: 'assistance_educative' };
    dossierA = await createDossier(await as('chef_service'), { identity: identity({ birthName: 'MATRICE' }), establishmentId: estA, unitId: unitA1, status: 'admitted', placement });
    for (const [profile, role] of [['psychologue', 'psychologue'], ['infirmier', 'infirmier'], ['medecin', 'medecin'], ['educateur_specialise', 'referent']] as const) {
      await insertCareTeamMember(server.db, { dossierId: dossierA.id, accountId: users[profile]!.id, role, startDate: placement.startDate });
    }
    await server.db('account_dossier_link').insert([
      { account_id: users.usager!.id, dossier_id: dossierA.id, relation: 'usager' },
      { account_id: users.tap!.id, dossier_id: dossierA.id, relation: 'legal_representative' },
    ]);
    // a final submission holding a value of every category, written by the psychologist (nobody may write them all: seeded)
    const data = { libre: 'texte libre', ...Object.fromEntries(CATEGORIES.map((c) => [c, `${marker(c)}initial`])) };
    submissionId = await server.db.transaction(async (trx) => {
      const effective = await effectiveFor(server.deps, 'form', 'matrice', estA);
      await persistEffective(trx, effective);
      const submission = await insertSubmission(trx, { dossierId: dossierA.id, establishmentId: estA, unitId: unitA1, formKind: 'form', formKey: 'matrice', status: 'final', createdBy: users[AUTHOR]!.id });
      await insertRevision(trx, {
        submissionId: submission.id, revision: 1, status: 'final', data, computed: {}, gridResult: null, carried: [], formVersionId: effective.baseVersionId, effectiveHash: effective.hash,
        diff: [], createdBy: users[AUTHOR]!.id,
      });
      return submission.id;
    });
  });
  afterAll(() => server.close());

  it.each(PROFILES)('%s reads exactly the categories of its column, in the single read and the list', async (profile) => {
    const client = await as(profile);
    const read = await client.get(`/api/submissions/${submissionId}`);
    expect(read.status).toBe(200);
    const visible = CATEGORIES.filter((c) => c in read.body.data);
    expect(visible).toEqual(CATEGORIES.filter((c) => mayRead(profile, c)));
    expect(read.body.data.libre).toBe('texte libre'); // a field without category follows the record
    expectNoForbiddenValue(profile, read.text);
    const list = await client.get(`/api/dossiers/${dossierA.id}/submissions`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(submissionId);
    expectNoForbiddenValue(profile, list.text);
  });

  it.each(PROFILES)('%s writes exactly the categories of its column; any other is refused with 403 naming the field', async (profile) => {
    const client = await as(profile);
    for (const category of CATEGORIES) {
      const current = (await getSubmission(server.db, submissionId))!;
      const mine = (await client.get(`/api/submissions/${submissionId}`)).body.data as Record<string, unknown>;
      const value = `${marker(category)}par ${profile}`;
      const response = await client.patch(`/api/submissions/${submissionId}`, { lockVersion: current.lockVersion, data: { ...mine, [category]: value } });
      if (PORTAL.has(profile)) {
        expect({ category, status: response.status, code: response.body.code }).toEqual({ category, status: 403, code: 'FORBIDDEN' });
        continue;
      }
      if (mayWrite(profile, category)) {
        expect({ category, status: response.status }).toEqual({ category, status: 200 });
        const stored = await server.db('submission_revision').where({ submission_id: submissionId }).orderBy('revision', 'desc').first('data');
        expect(stored.data[category]).toBe(value);
        // what the writer may not read was kept, not erased by an answer that left it out
        for (const c of CATEGORIES.filter((other) => !mayRead(profile, other) && other !== category)) expect(stored.data[c]).toMatch(new RegExp(`^${marker(c)}`));
      } else {
        expect({ category, status: response.status, code: response.body.code, issues: response.body.issues?.map((i: { path: string }) => i.path) }).toEqual({
          category,
          status: 403,
          code: 'FIELD_NOT_WRITABLE',
          issues: [`/data/${category}`],
        });
        expect((await getSubmission(server.db, submissionId))!.lockVersion).toBe(current.lockVersion); // nothing written
      }
      expectNoForbiddenValue(profile, response.text);
    }
  });

  it.each(PROFILES)('%s never sees a forbidden value in the revisions, the dossier, the search, the synthesis, the timeline or the cross-dossier feed', async (profile) => {
    const client = await as(profile);
    const revisions = await client.get(`/api/submissions/${submissionId}/revisions`);
    expect(revisions.status).toBe(200);
    expect(revisions.body.items.length).toBeGreaterThan(1);
    for (const item of revisions.body.items) {
      for (const change of item.diff) expect(mayRead(profile, change.path.slice(1) as Category) || change.path === '/libre').toBe(true);
    }
    expectNoForbiddenValue(profile, revisions.text);
    for (const path of [
      `/api/dossiers/${dossierA.id}`,
      '/api/dossiers?q=matrice',
      `/api/dossiers/${dossierA.id}/synthesis`,
      `/api/dossiers/${dossierA.id}/timeline`,
      `/api/submissions?form=matrice&establishment=${estA}`,
    ]) {
      const response = await client.get(path);
      expect(response.status).toBeLessThan(500);
      // staff of the establishment do get each of these answers: the check is not vacuous
      if (profile === 'chef_service' || profile === 'directeur') expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expectNoForbiddenValue(profile, response.text);
    }
  });

  it('psychologist notes: only their author, not even the director or another psychologist', async () => {
    const otherPsy = await createUser(server.db, 'matrice.psy2', [{ profile: 'psychologue', establishmentId: estA }]);
    await insertCareTeamMember(server.db, { dossierId: dossierA.id, accountId: otherPsy.id, role: 'psychologue', startDate: localDate(new Date(Date.now() - 86_400_000)) });
    const client = server.client();
    await client.login(otherPsy.login, otherPsy.password);
    const read = await client.get(`/api/submissions/${submissionId}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toHaveProperty('psychology');
    expect(read.body.data).not.toHaveProperty('psychology_notes');
    expect((await (await as('psychologue')).get(`/api/submissions/${submissionId}`)).body.data.psychology_notes).toMatch(/^val:psychology_notes:/);
    expect((await (await as('directeur')).get(`/api/submissions/${submissionId}`)).body.data).not.toHaveProperty('psychology_notes');
    // their own notes, in a submission they write, are theirs
    const own = await client.post(`/api/dossiers/${dossierA.id}/submissions`, { form: 'matrice', status: 'final', data: { psychology_notes: `${marker('psychology_notes')}psy2` } });
    expect(own.status).toBe(201);
    expect(own.body.data.psychology_notes).toBe(`${marker('psychology_notes')}psy2`);
    const byFirst = await (await as('psychologue')).get(`/api/submissions/${own.body.id}`);
    expect(byFirst.status).toBe(200);
    expect(byFirst.body.data).not.toHaveProperty('psychology_notes');
  });

  it('an information préoccupante: its author reads it back, the other educators of the unit do not; its reporter is seen by direction only', async () => {
    const mine = await (await as('moniteur_educateur')).post(`/api/dossiers/${dossierA.id}/submissions`, {
      form: 'matrice',
      status: 'final',
      data: { information_preoccupante: `${marker('information_preoccupante')}écrit du moniteur` },
    });
    expect(mine.status).toBe(201);
    expect((await (await as('moniteur_educateur')).get(`/api/submissions/${mine.body.id}`)).body.data.information_preoccupante).toMatch(/écrit du moniteur$/);
    for (const other of ['maitresse_maison', 'veilleur_nuit', 'educateur_specialise']) {
      const read = await (await as(other)).get(`/api/submissions/${mine.body.id}`);
      expect({ other, status: read.status, has: 'information_preoccupante' in read.body.data }).toEqual({ other, status: 200, has: false });
    }
    for (const direction of ['directeur', 'chef_service']) expect((await (await as(direction)).get(`/api/submissions/${mine.body.id}`)).body.data.information_preoccupante).toMatch(/écrit du moniteur$/);
    // the reporter's identity: only direction writes or reads it, the author of the IP included cannot
    const reporter = await (await as('moniteur_educateur')).post(`/api/dossiers/${dossierA.id}/submissions`, { form: 'matrice', status: 'final', data: { ip_reporter: `${marker('ip_reporter')}x` } });
    expect(reporter.status).toBe(403);
    expect(reporter.body.issues).toEqual([expect.objectContaining({ path: '/data/ip_reporter' })]);
  });

  it('health data: nurse and doctor only; the director gets it through a motivated, time-bounded break-glass', async () => {
    const director = await as('directeur');
    expect((await director.get(`/api/submissions/${submissionId}`)).body.data).not.toHaveProperty('health');
    const opened = await director.post(`/api/dossiers/${dossierA.id}/break-glass`, { reason: 'Hospitalisation en urgence : besoin des antécédents médicaux.' });
    expect(opened.status).toBe(201);
    const read = await director.get(`/api/submissions/${submissionId}`);
    expect(read.body.data.health).toMatch(/^val:health:/);
    expect(read.body.data).not.toHaveProperty('psychology_notes');
    // that read shows the medical record only thanks to the grant: it is flagged in the audit
    await server.sealAudit();
    const reads = await server.db('audit_log').where({ action: 'submission.read', target_id: submissionId, actor_account_id: users.directeur!.id }).orderBy('seq');
    const [before, after] = reads.slice(-2);
    expect([before.purpose, after.purpose]).toEqual([null, 'break_glass']);
    expect(after.detail.breakGlassFields).toContain('/health');
  });

  it('IDOR: another establishment’s dossier, submission, revisions and attachment answer 404', async () => {
    const upload = await rawSession(server.baseUrl, users.chef_service!.login, users.chef_service!.password);
    const attachment = await upload.post(`/api/dossiers/${dossierA.id}/attachments?filename=bilan.pdf`, Buffer.from('%PDF-1.4 test'), 'application/pdf');
    expect(attachment.status).toBe(201);
    const intruder = await as('chefB');
    const current = (await getSubmission(server.db, submissionId))!;
    const attempts = [
      await intruder.get(`/api/dossiers/${dossierA.id}`),
      await intruder.get(`/api/dossiers/${dossierA.id}/submissions`),
      await intruder.get(`/api/submissions/${submissionId}`),
      await intruder.get(`/api/submissions/${submissionId}/revisions`),
      await intruder.patch(`/api/submissions/${submissionId}`, { lockVersion: current.lockVersion, data: { libre: 'intrusion' } }),
      await intruder.post(`/api/dossiers/${dossierA.id}/submissions`, { form: 'matrice', status: 'draft', data: {} }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);
    const intruderRaw = await rawSession(server.baseUrl, chefB.login, chefB.password);
    expect((await intruderRaw.get(`/api/attachments/${attachment.body.id}/content`)).status).toBe(404);
    expect((await getSubmission(server.db, submissionId))!.lockVersion).toBe(current.lockVersion);
    const list = await intruder.get('/api/dossiers?q=matrice');
    expect(list.body.items).toEqual([]);
  });
});
