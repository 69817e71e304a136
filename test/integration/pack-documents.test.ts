/**
 * The pack's document templates added for DOC-2 and SOI-3 (rapport d'évaluation sociale F9, fiche
 * navette / protocole d'actions F14, rapport de situation F6, ordonnance, lettre de liaison de sortie
 * #13): each produced over HTTP by a user of a real profile from a real final submission, stored as
 * a PDF whose text carries the legal content and the template version, signed through its trail;
 * limited to what its producer may read; refused to whoever may not produce it.
 */
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { example } from '../helpers/pack-workflow-driver';
import { pdfContains, pdfText } from '../helpers/pdf-text';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

const NEW_TEMPLATES = ['rapport-evaluation-sociale', 'fiche-navette', 'rapport-situation', 'ordonnance', 'lettre-liaison-sortie'];

type Extra = 'dirA' | 'medA' | 'med2A' | 'ideA' | 'maitresseA1' | 'parent';
type Actor = Extra | keyof DossierWorld['users'];

let server: TestServer;
let world: DossierWorld;
let dossierId: string;
const extra = {} as Record<Extra, TestUser>;
const clients = new Map<string, HttpClient>();

async function as(name: Actor): Promise<HttpClient> {
  if (!(name in extra)) return world.as(name as keyof DossierWorld['users']);
  let client = clients.get(name);
  if (!client) {
    client = server.client();
    const login = await client.login(extra[name as Extra].login, extra[name as Extra].password);
    if (login.status !== 200) throw new Error(`login of ${name} failed: ${login.status}`);
    clients.set(name, client);
  }
  return client;
}

async function submitted(actor: Actor, form: string, data: Record<string, unknown>): Promise<string> {
  const response = await (await as(actor)).post(`/api/dossiers/${dossierId}/submissions`, { form, status: 'final', data });
  if (response.status !== 201) throw new Error(`${actor} could not submit ${form}: ${response.status} ${response.text}`);
  return response.body.id;
}

const userOf = (name: Actor): TestUser => (name in extra ? extra[name as Extra] : world.users[name as keyof DossierWorld['users']]);

/**
 * Produces a document from a template (201), checks what each of these templates carries — its
 * version, one professional signature expected — and returns it with the text of its stored PDF,
 * as its producer downloads it.
 */
async function produce(actor: Actor, template: string, submission?: string): Promise<{ document: any; text: string }> {
  const created = await (await as(actor)).post(`/api/dossiers/${dossierId}/documents`, { template, ...(submission ? { submission } : {}) });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ templateKey: template, templateVersion: '1.0.0', status: 'awaiting_signatures', mediaType: 'application/pdf', expectedSignatories: ['professional'] });
  const user = userOf(actor);
  const pdf = await (await rawSession(server.baseUrl, user.login, user.password)).get(`/api/documents/${created.body.id}/content`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return { document: created.body, text: pdfText(pdf.bytes) };
}

const documentCount = async () => Number((await server.db('document').where({ dossier_id: dossierId }).count({ n: '*' }).first())!.n);

/** Each user asks for a document of the dossier from the template and gets the status expected; no document is stored. */
async function expectRefused(template: string, refused: Array<[Actor, number]>) {
  const before = await documentCount();
  const statuses: Array<[Actor, number]> = [];
  for (const [actor] of refused) statuses.push([actor, (await (await as(actor)).post(`/api/dossiers/${dossierId}/documents`, { template })).status]);
  expect(statuses).toEqual(refused);
  expect(await documentCount()).toBe(before);
}

/** Asserts every phrase is in the PDF text (line breaks and runs ignored), naming the missing ones. */
const expectPhrases = (text: string, phrases: string[]) => expect(phrases.filter((p) => !pdfContains(text, p))).toEqual([]);
const expectAbsent = (text: string, phrases: string[]) => expect(phrases.filter((p) => pdfContains(text, p))).toEqual([]);

/** The producer signs as the professional electronically: the only expected signature, so the document becomes final; a second one is refused. */
async function signAsProfessional(actor: Actor, documentId: string) {
  const client = await as(actor);
  const accountId = userOf(actor).id;
  const signed = await client.post(`/api/documents/${documentId}/signatures`, { role: 'professional', mode: 'electronic' });
  expect(signed.status).toBe(201);
  expect(signed.body).toMatchObject({ status: 'final', signatures: [{ role: 'professional', mode: 'electronic', signatoryAccountId: accountId }] });
  expect((await client.post(`/api/documents/${documentId}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(409);
  const read = await client.get(`/api/documents/${documentId}`);
  expect(read.body).toMatchObject({ status: 'final', templateVersion: '1.0.0', signatures: [{ role: 'professional', signatoryAccountId: accountId }] });
}

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  world = await dossierWorld(server, 'pdoc');
  const staff: Array<[Extra, string, string | null, string | null]> = [
    ['dirA', 'directeur', world.estA, null],
    ['medA', 'medecin', world.estA, null],
    ['med2A', 'medecin', world.estA, null],
    ['ideA', 'infirmier', world.estA, null],
    ['maitresseA1', 'maitresse_maison', world.estA, world.unitA1],
    ['parent', 'tap', null, null],
  ];
  for (const [name, profile, establishmentId, unitId] of staff) extra[name] = await createUser(server.db, `pdoc.${name}`, [{ profile, establishmentId, unitId }]);
  const chef = await as('chefA');
  const dossier = await createDossier(chef, {
    identity: identity({ birthName: 'MOREAU', firstNames: 'Lina' }),
    establishmentId: world.estA,
    unitId: world.unitA1,
    status: 'admitted',
    placement: { startDate: '2026-01-05', legalBasis: 'assistance_educative', decisionReference: 'JE Dole 25/00412' },
  });
  dossierId = dossier.id;
  for (const [member, role] of [['medA', 'medecin'], ['ideA', 'infirmier']] as const) {
    const added = await chef.post(`/api/dossiers/${dossierId}/care-team`, { accountId: extra[member].id, role, startDate: '2026-01-05' });
    expect(added.status).toBe(201);
  }
  await server.db('account_dossier_link').insert({ account_id: extra.parent.id, dossier_id: dossierId, relation: 'legal_representative' });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('the templates added to the pack', () => {
  it('are published at start and offered to the profiles that produce them: the doctor the prescription and the exit letter, the nurse the exit letter', async () => {
    const published = await (await as('dirA')).get('/api/metadata/templates');
    expect(published.status).toBe(200);
    expect(published.body.items.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(NEW_TEMPLATES));

    const offered = async (actor: Actor) => ((await (await as(actor)).get(`/api/dossiers/${dossierId}/document-templates`)).body.items as Array<{ key: string; form: string; version: string }>).filter((t) => NEW_TEMPLATES.includes(t.key));
    expect((await offered('chefA')).map((t) => [t.key, t.form, t.version]).sort()).toEqual([
      ['fiche-navette', 'fiche-navette', '1.0.0'],
      ['lettre-liaison-sortie', 'sortie', '1.0.0'],
      ['ordonnance', 'prescription', '1.0.0'],
      ['rapport-evaluation-sociale', 'rapport-evaluation-sociale', '1.0.0'],
      ['rapport-situation', 'rapport-situation', '1.0.0'],
    ]);
    expect((await offered('medA')).map((t) => t.key).sort()).toEqual(['lettre-liaison-sortie', 'ordonnance']);
    expect((await offered('ideA')).map((t) => t.key)).toEqual(['lettre-liaison-sortie']);
    expect(await offered('maitresseA1')).toEqual([]);
  });
});

/** The three writings of DOC-2 rendered from one form each: who writes the form, who produces and who signs the document, what its PDF says, who may not produce it. */
const writings: Array<{ name: string; form: string; writer: Actor; producer: Actor; signer: Actor; phrases: string[]; refused: Array<[Actor, number]> }> = [
  {
    name: 'rapport d’évaluation sociale (F9): the evaluation of the multidisciplinary team, its legal basis, its conclusion and the information of the family',
    form: 'rapport-evaluation-sociale',
    writer: 'chefA',
    producer: 'chefA',
    signer: 'chefA',
    phrases: [
      'Rapport d’évaluation sociale',
      'articles D. 226-2-3, D. 226-2-5 et D. 226-2-7 du Code de l’action sociale et des familles',
      'secret professionnel partagé (CASF L. 226-2-2)',
      'jamais versé au DMP',
      'MOREAU Lina',
      'Camille Roche',
      'Psychologie',
      'exprime de la peur lorsqu’il reste seul le soir',
      'Avis du mineur',
      'Qualification de la situation Risque de danger',
      'Actions adaptées (accompagnement, prestation ASE)',
      'Transmis au président du conseil départemental le 20 juillet 2026',
      'Titulaires de l’autorité parentale informés Oui',
    ],
    // the maîtresse de maison reads no information préoccupante; the family, no IP at all; chef B, not this establishment;
    // the éducateur may produce documents but reads none of this report's answers: no empty document is made
    refused: [['maitresseA1', 404], ['parent', 403], ['chefB', 404], ['educA1', 422]],
  },
  {
    name: 'fiche navette / protocole d’actions (F14): the protocol sent to the ASE, its actions and the ASE’s answer',
    form: 'fiche-navette',
    writer: 'educA1',
    producer: 'educA1',
    signer: 'educA1',
    phrases: [
      'Protocole d’actions — liaison avec l’aide sociale à l’enfance',
      'limité aux informations strictement nécessaires à l’accompagnement de l’enfant (CASF L. 226-2-2)',
      'Transmis par messagerie sécurisée de santé (MSSanté) ; jamais versé au DMP',
      'Objet Protocole d’actions conjoint',
      'Claire Rivière, ASE – Maison départementale des solidarités de Dole',
      'Valider le protocole et désigner un interlocuteur ASE joignable le week-end',
      'Point mensuel ASE-MECS',
      'Réponse Accord',
    ],
    // no ASE exchanges for the maîtresse de maison; the educator of another unit does not see the child
    refused: [['maitresseA1', 404], ['educA2', 404]],
  },
  {
    name: 'rapport de situation (F6): the three domains, the PPE review, the conclusion and the prior communication to the family; validated by the chef de service',
    form: 'rapport-situation',
    writer: 'chefA',
    producer: 'educA1',
    signer: 'chefA',
    phrases: [
      'Rapport de situation — Rapport d’échéance',
      'article L. 223-5 et des articles R. 223-19 et R. 223-20 du Code de l’action sociale et des familles',
      'pour la période du 2 février 2026 au 15 décembre 2026',
      'C. civ., art. 375',
      'Décision en cours JE Dole 25/00412',
      'Temps d’évaluation : 20 novembre 2026, 1 décembre 2026',
      'Santé physique et psychique, développement',
      'Relations avec la famille et les tiers',
      'Scolarité et vie sociale',
      'Entretiens mère-fille mensuels Partiellement',
      'Fugue d’une nuit',
      'Proposition pour la prestation ou la mesure Arrêt',
      'portés à la connaissance des titulaires de l’autorité parentale, du tuteur et du mineur',
      'Destinataires Service de l’aide sociale à l’enfance, Juge des enfants',
    ],
    // the psychologist reads the reports but produces no document; the maîtresse de maison reads no report
    refused: [['psyA', 403], ['maitresseA1', 404]],
  },
];

describe.each(writings)('$form', ({ name, form, writer, producer, signer, phrases, refused }) => {
  it(`renders the ${name}, and is signed through its trail`, async () => {
    const submission = await submitted(writer, form, example(form));
    const { document, text } = await produce(producer, form, submission);
    expect(document.sources).toEqual([{ submissionId: submission, revision: 1, formKey: form, formVersion: '1.0.0' }]);
    expectPhrases(text, [...phrases, `${form} v1.0.0`]);
    await signAsProfessional(signer, document.id);
  });

  it(`is refused to ${refused.map(([actor, status]) => `${actor} (${status})`).join(', ')}, and nothing is stored`, async () => {
    await expectRefused(form, refused);
  });
});

describe('ordonnance (SOI-3)', () => {
  let prescription: string;

  beforeAll(async () => {
    await submitted('ideA', 'fiche-sanitaire', example('fiche-sanitaire', { antecedents_importants: 'Asthme du nourrisson' }));
    prescription = await submitted('medA', 'prescription', example('prescription'));
  });

  it('is produced and signed by the care team’s doctor: prescriber, patient with weight, treatments with the help to take them, acts, mandatory mentions', async () => {
    const { document, text } = await produce('medA', 'ordonnance', prescription);
    expect(document.sources.map((s: { formKey: string }) => s.formKey)).toEqual(['prescription', 'fiche-sanitaire']);
    expect(document.sources[0]).toMatchObject({ submissionId: prescription, revision: 1, formVersion: '1.0.0' });
    expectPhrases(text, [
      'Ordonnance',
      'Dr Anne Lambert — Ophtalmologie',
      'N° RPPS 10002345678',
      'Le 12 mars 2026',
      'Patient MOREAU Lina',
      'Poids : 38,5 kg — taille : 149 cm',
      'Indication : Conjonctivite allergique saisonnière',
      'Collyre antihistaminique',
      '1 goutte dans chaque œil matin et soir',
      'du 12 mars 2026 au 26 mars 2026',
      '(CASF L. 313-26)',
      'Contrôle ophtalmologique',
      'article R. 5132-3 du Code de la santé publique',
      'ordonnance v1.0.0',
    ]);
    // the medical history of the health sheet is not part of a prescription
    expectAbsent(text, ['Asthme du nourrisson']);
    await signAsProfessional('medA', document.id);
  });

  it('is refused to the nurse (no prescription), to a doctor outside the care team and to the family, and nothing is stored', async () => {
    await expectRefused('ordonnance', [['ideA', 403], ['med2A', 404], ['parent', 403], ['secA', 422]]);
  });
});

describe('lettre de liaison de sortie (#13)', () => {
  beforeAll(async () => {
    await submitted('secA', 'contacts-urgence', example('contacts-urgence'));
    await submitted('educA1', 'sortie', example('sortie', { motif_fin: 'reorientation_autre_essms', destination: { type_destination: 'autre_essms', precision: 'Internat proche du lycée professionnel', etablissement_relais: 'MECS Les Peupliers' } }));
  });

  it('gathers the exit, the health sheet, the last prescription and the contacts for the doctor, who signs it; the exit details the doctor may not read stay out', async () => {
    const { document, text } = await produce('medA', 'lettre-liaison-sortie');
    expect(document.sources.map((s: { formKey: string }) => s.formKey)).toEqual(['sortie', 'fiche-sanitaire', 'prescription', 'contacts-urgence']);
    expectPhrases(text, [
      'Lettre de liaison de sortie',
      'strictement nécessaires à cette continuité (CASF L. 226-2-2 ; CSP L. 1110-4)',
      'AEMO Dole — Accompagnement du retour en famille',
      'Santé (suivi à poursuivre) Orthophonie à poursuivre en ville',
      'Arachide',
      'Conduite à tenir en cas d’urgence',
      'Traitements de la dernière prescription',
      'Collyre antihistaminique',
      'Personnes à prévenir',
      'lettre-liaison-sortie v1.0.0',
    ]);
    // the destination and the exit date are administrative data, outside the doctor's habilitations
    expectAbsent(text, ['MECS Les Peupliers', 'Date de sortie']);
    await signAsProfessional('medA', document.id);
  });

  it('shows the director the exit and the everyday health subset, never the medical history nor the treatments', async () => {
    const { text } = await produce('dirA', 'lettre-liaison-sortie');
    expectPhrases(text, ['Réorientation vers un autre établissement ou service', 'Établissement ou service relais MECS Les Peupliers', 'Arachide', 'lettre-liaison-sortie v1.0.0']);
    expectAbsent(text, ['Asthme du nourrisson', 'Collyre antihistaminique', 'Traitements de la dernière prescription', 'Conjonctivite']);
  });

  it('is refused to the family, to another establishment and to the maîtresse de maison, and nothing is stored', async () => {
    await expectRefused('lettre-liaison-sortie', [['parent', 403], ['chefB', 404], ['maitresseA1', 404]]);
  });
});
