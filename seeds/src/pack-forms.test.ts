/**
 * Every form and grid of the PDE pack passes what publishing checks (contract, lint, strict
 * compilation), classifies every field in a category of the habilitation matrix, and accepts its
 * typed example in final mode once the server has taken it over (server-owned values dropped,
 * grid scored, computed fields evaluated) — and refuses what the law or the domain forbids.
 */
import { type GridScoring, type SchemaNode, lintForm, lintGrid, listFields } from '@cordee/core';
import { createContractAjv, schemaRegistry, validateContract } from '@cordee/metadata';
import type { ContratSejourAnswers } from '../generated/forms/contrat-sejour';
import type { PpeAnswers } from '../generated/forms/ppe';
import { packArtefacts } from './pack';
import { packCapture } from './pack-capture';
import { packExamples } from './pack-examples';

type Json = Record<string, unknown>;
const artefacts = packArtefacts().filter((a) => a.kind === 'form' || a.kind === 'grid');
const definitionOf = (key: string) => artefacts.find((a) => a.key === key)!.definition as Json & { schema: SchemaNode };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const categories = (() => {
  const form = schemaRegistry().get('metadata/form') as unknown as { $defs: { category: { oneOf: Array<{ const: string }> } } };
  return new Set(form.$defs.category.oneOf.map((c) => c.const));
})();

const capture = packCapture();
const accepts = (key: string, input: object) => capture(key, input).errors;
const rejects = (key: string, input: object) => capture(key, input).errors.length > 0;

describe('PDE pack forms and grids', () => {
  it('has the forms and grids of issue 6 and one typed example for each', () => {
    const keys = artefacts.map((a) => a.key).sort();
    for (const key of ['demande-admission', 'liste-attente', 'prise-de-contact', 'g1-besoins-fondamentaux', 'g2-evaluation-globale', 'g3-autonomie', 'transmission', 'transmission-ciblee', 'presence', 'ppe', 'projet-personnalise', 'contrat-sejour', 'accueil-provisoire', 'liberte-aller-venir', 'prestations-sociales', 'acte-soin', 'observation-medicale', 'prescription', 'bilan-psychologique', 'notes-psychologue', 'annuaire-entourage', 'incident', 'sortie', 'fiche-sanitaire', 'contacts-urgence', 'autorisation-soins', 'recueil-ip', 'rapport-situation', 'contrat-jeune-majeur', 'rapport-evaluation-sociale', 'inventaire-effets', 'fiche-navette', 'bilan-sante', 'intervention-activite', 'agenda-evenement']) {
      expect(keys).toContain(key);
    }
    expect(Object.keys(packExamples).sort()).toEqual(keys);
  });

  describe.each(artefacts.map((a) => [a.kind, a.key] as const))('%s « %s »', (kind, key) => {
    const definition = definitionOf(key);

    it('satisfies its contract, the publish lint and compiles in strict mode', () => {
      expect(validateContract(`metadata/${kind}`, { ...definition, key })).toEqual([]);
      expect(kind === 'grid' ? lintGrid(definition as unknown as GridScoring & { schema: SchemaNode }) : lintForm(definition)).toEqual([]);
      expect(() => createContractAjv().compile(definition.schema as object)).not.toThrow();
    });

    it('gives every field a French title and a category of the habilitation matrix', () => {
      const fields = listFields(definition.schema);
      expect(fields.length).toBeGreaterThan(3);
      expect(fields.filter((f) => !f.title?.trim()).map((f) => f.path)).toEqual([]);
      expect(fields.filter((f) => !f.category || !categories.has(f.category)).map((f) => f.path)).toEqual([]);
      expect(fields.filter((f) => f.computed && f.required).map((f) => f.path)).toEqual([]);
    });

    it('accepts its typed example in final mode', () => {
      expect(accepts(key, packExamples[key]!)).toEqual([]);
    });

    it('refuses its example without its required fields', () => {
      const required = (definition.schema.required ?? []) as string[];
      expect(required.length).toBeGreaterThan(0);
      const example = clone(packExamples[key]!) as Json;
      delete example[required[0]!];
      expect(rejects(key, example)).toBe(true);
    });
  });
});

describe('classification of sensitive fields', () => {
  const categoryOf = (key: string) => new Map(listFields(definitionOf(key).schema).map((f) => [f.path, f.category]));

  it('keeps the identity of whoever reports an IP apart from the IP itself', () => {
    const ip = categoryOf('recueil-ip');
    expect([...ip].filter(([p]) => p.startsWith('/emetteur')).every(([, c]) => c === 'ip_reporter')).toBe(true);
    expect([...ip].filter(([p]) => !p.startsWith('/emetteur')).every(([, c]) => c === 'information_preoccupante')).toBe(true);
  });

  it('separates the psychologist’s working notes from validated reports', () => {
    expect(new Set(categoryOf('notes-psychologue').values())).toEqual(new Set(['psychology_notes']));
    const bilan = categoryOf('bilan-psychologique');
    expect(bilan.get('/contenu')).toBe('psychology');
    expect(bilan.get('/elements_pour_le_projet')).toBe('project');
  });

  it('shows the daily team allergies and emergency instructions, not the medical file', () => {
    const fiche = categoryOf('fiche-sanitaire');
    expect(fiche.get('/allergies/*/substance')).toBe('health_daily');
    expect(fiche.get('/conduite_a_tenir_urgence')).toBe('health_daily');
    expect(fiche.get('/traitements_en_cours/*/molecule')).toBe('treatment');
    expect(fiche.get('/antecedents_importants')).toBe('health');
    expect(categoryOf('prescription').get('/traitements/*/posologie')).toBe('treatment');
    expect(categoryOf('transmission-ciblee').get('/donnees')).toBe('health');
  });

  it('locks the clauses the law requires', () => {
    const locked = (key: string) => listFields(definitionOf(key).schema).filter((f) => f.locked).map((f) => f.path);
    expect(locked('contrat-sejour')).toEqual(expect.arrayContaining(['/objectifs_prise_en_charge', '/prestations', '/avis_mineur', '/documents_remis', '/conditions_revision_resiliation_cessation']));
    expect(locked('liberte-aller-venir')).toEqual(expect.arrayContaining(['/mesures/*/fondement', '/mesures/*/proportionnalite_justifiee', '/avis_mineur']));
    expect(locked('incident')).toEqual(expect.arrayContaining(['/categorie_evenement', '/mesures_immediates', '/declaration_autorite']));
    expect(locked('accueil-provisoire')).toEqual(expect.arrayContaining(['/accords_tap', '/information_remise', '/duree_placement_mois']));
    expect(locked('ppe')).toEqual(expect.arrayContaining(['/domaines', '/actions/*/acteur_responsable', '/actions/*/date_echeance']));
    expect(locked('rapport-situation')).toEqual(expect.arrayContaining(['/domaine_developpement_sante', '/domaine_relations_famille_tiers', '/domaine_scolarite_vie_sociale', '/bilan_actions_ppe', '/communication_prealable']));
    expect(locked('contrat-jeune-majeur')).toEqual(expect.arrayContaining(['/date_fin', '/objectifs', '/conditions_fin_anticipee']));
    expect(locked('rapport-evaluation-sociale')).toEqual(expect.arrayContaining(['/equipe', '/avis_mineur', '/conclusion', '/information_mineur_tap']));
  });
});

describe('contrat de séjour, DIPC: the automatic choice rule and the legal deadlines', () => {
  const contract = packExamples['contrat-sejour'] as ContratSejourAnswers;
  const typeOf = (changes: Partial<ContratSejourAnswers>) => capture('contrat-sejour', { ...contract, ...changes }).data.type_document;

  it('computes the deadlines from the admission date and ignores client values for computed fields', () => {
    const { data, errors } = capture('contrat-sejour', { ...contract, type_document: 'dipc', date_limite_remise: '2030-01-01' });
    expect(errors).toEqual([]);
    expect(data).toMatchObject({
      type_document: 'contrat_sejour',
      accord_accueil_provisoire_requis: true,
      date_limite_remise: '2026-02-17',
      date_limite_signature: '2026-03-02',
      date_limite_avenant: '2026-08-02',
      date_reactualisation: '2027-02-02',
    });
  });

  it('chooses a DIPC for a judicial measure, a day or open-environment service, a short stay or a refused signature', () => {
    expect(typeOf({})).toBe('contrat_sejour');
    for (const basis of ['assistance_educative', 'penal_mineurs', 'aemo', 'mjie'] as const) expect(typeOf({ fondement_juridique: basis })).toBe('dipc');
    for (const basis of ['tutelle', 'delegation_autorite_parentale', 'jeune_majeur'] as const) expect(typeOf({ fondement_juridique: basis })).toBe('contrat_sejour');
    expect(typeOf({ modalite_accueil: 'accueil_de_jour' })).toBe('dipc');
    expect(typeOf({ modalite_accueil: 'sans_hebergement' })).toBe('dipc');
    expect(typeOf({ date_fin_prevue: '2026-04-01' })).toBe('dipc');
    expect(typeOf({ date_fin_prevue: '2026-04-02' })).toBe('contrat_sejour');
    expect(typeOf({ refus_signature_representant: true })).toBe('dipc');
    const { date_fin_prevue: _none, ...openEnded } = contract;
    expect(capture('contrat-sejour', openEnded).data.type_document).toBe('contrat_sejour');
    expect(capture('contrat-sejour', { ...contract, fondement_juridique: 'assistance_educative' }).data.accord_accueil_provisoire_requis).toBe(false);
  });

  it('requires the three documents of L311-4 to have been handed over', () => {
    expect(rejects('contrat-sejour', { ...contract, documents_remis: { ...contract.documents_remis, charte_droits_libertes: false } })).toBe(true);
  });
});

describe('legal and domain rules carried by the schemas', () => {
  const example = <T>(key: string) => clone(packExamples[key]) as T & Json;

  it('PPE: half-yearly review under 2 years old, yearly after; a refused signature needs its reason', () => {
    const ppe = example<PpeAnswers>('ppe');
    expect(capture('ppe', ppe).data.date_prochaine_actualisation).toBe('2027-04-15');
    expect(capture('ppe', { ...ppe, enfant: { ...ppe.enfant, date_naissance: '2024-06-01' } }).data.date_prochaine_actualisation).toBe('2026-10-15');
    const signatures = ppe.signatures!.map((s) => (s.statut === 'refusee' ? { ...s, motif_refus: undefined } : s));
    expect(rejects('ppe', { ...ppe, signatures: JSON.parse(JSON.stringify(signatures)) })).toBe(true);
    expect(rejects('ppe', { ...ppe, actions: [{ ...ppe.actions[0], date_echeance: undefined }].map((a) => JSON.parse(JSON.stringify(a))) })).toBe(true);
  });

  it('waiting list: a refusal is motivated', () => {
    expect(rejects('liste-attente', { ...example('liste-attente'), statut: 'refusee' })).toBe(true);
    expect(accepts('liste-attente', { ...example('liste-attente'), statut: 'refusee', motif_refus: 'Pas de place adaptée à l’âge.' })).toEqual([]);
  });

  it('freedom to come and go: a judicial measure cites its decision, every measure is proportionate and has its default review date', () => {
    const lav = example<{ mesures: Json[] } & Json>('liberte-aller-venir');
    expect((capture('liberte-aller-venir', lav).data.mesures as Json[])[0]!.date_reevaluation_par_defaut).toBe('2026-06-02');
    expect(rejects('liberte-aller-venir', { ...lav, mesures: [{ ...lav.mesures[1], reference_decision: undefined }].map((m) => JSON.parse(JSON.stringify(m))) })).toBe(true);
    expect(rejects('liberte-aller-venir', { ...lav, mesures: [{ ...lav.mesures[0], proportionnalite_justifiee: false }] })).toBe(true);
  });

  it('social rights: an alert date two months before expiry', () => {
    const droits = capture('prestations-sociales', example('prestations-sociales')).data.droits as Json[];
    expect(droits[0]!.date_alerte).toBe('2026-12-14');
    expect(droits[1]!.date_alerte).toBeUndefined();
  });

  it('incident: an oral declaration is confirmed in writing within 48 hours; a runaway records the police report', () => {
    const incident = example<{ declaration_autorite: Json } & Json>('incident');
    expect((capture('incident', incident).data.declaration_autorite as Json).date_limite_confirmation).toBe('2026-06-09T09:00:00+02:00');
    expect((capture('incident', { ...incident, declaration_autorite: { ...incident.declaration_autorite, mode: 'ecrit' } }).data.declaration_autorite as Json).date_limite_confirmation).toBeUndefined();
    const { fugue: _f, ...withoutRunaway } = incident;
    expect(rejects('incident', withoutRunaway)).toBe(true);
    expect(rejects('incident', { ...incident, declaration_autorite: { requise: true } })).toBe(true);
  });

  it('IP: not informing the parents is motivated, an immediate danger records the referral to the prosecutor', () => {
    const ip = example<Json>('recueil-ip');
    expect(rejects('recueil-ip', { ...ip, information_tap: { informes: 'non' } })).toBe(true);
    expect(accepts('recueil-ip', { ...ip, information_tap: { informes: 'non', motif_non_information: 'Risque de pression sur l’enfant.' } })).toEqual([]);
    expect(rejects('recueil-ip', { ...ip, danger_immediat: true })).toBe(true);
    expect(rejects('recueil-ip', { ...ip, nature_danger_suspecte: [] })).toBe(true);
  });

  it('IP: the professional who reports writes the facts; the reporter’s identity and the parents’ information are required once the IP is validated', () => {
    const { emetteur: _e, information_tap: _i, validation: _v, date_heure_transmission: _t, ...facts } = example<Json>('recueil-ip');
    expect(accepts('recueil-ip', facts)).toEqual([]);
    // an immediate danger: the professional says so, the direction records the referral to the prosecutor when it validates
    expect(accepts('recueil-ip', { ...facts, danger_immediat: true })).toEqual([]);
    expect(rejects('recueil-ip', { ...facts, validation: { valide_par: 'Martine Roux', fonction: 'chef_service' } })).toBe(true);
    const retour = example<Json>('retour-crip');
    expect(rejects('retour-crip', { ...retour, suites: 'non_communiquees' })).toBe(true);
    expect(accepts('retour-crip', { ...retour, suites: 'non_communiquees', motif_non_communication: 'Risque pour l’émetteur.' })).toEqual([]);
  });

  it('presence: an authorised absence is justified', () => {
    const { justificatif: _j, ...unjustified } = example<Json>('presence');
    expect(rejects('presence', unjustified)).toBe(true);
    expect(accepts('presence', { ...unjustified, statut: 'absent_non_autorise' })).toEqual([]);
  });

  it('health: known allergies are listed, one emergency contact answers 24/7, a non-usual act has the parents’ answers', () => {
    expect(rejects('fiche-sanitaire', { ...example<Json>('fiche-sanitaire'), allergies: [] })).toBe(true);
    const contacts = example<{ contacts: Json[] } & Json>('contacts-urgence');
    expect(rejects('contacts-urgence', { ...contacts, contacts: contacts.contacts.map((c) => ({ ...c, joignable_24h: false })) })).toBe(true);
    expect(rejects('autorisation-soins', { ...example<Json>('autorisation-soins'), accords_tap: [] })).toBe(true);
    expect(accepts('autorisation-soins', { ...example<Json>('autorisation-soins'), qualification_acte: 'usuel', accords_tap: [] })).toEqual([]);
    expect(rejects('prescription', { date_prescription: '2026-03-12', prescripteur: { nom: 'Dr Lambert' } })).toBe(true);
  });

  it('psychologist: only validated reports enter the shared file', () => {
    expect(rejects('bilan-psychologique', { ...example<Json>('bilan-psychologique'), valide: false })).toBe(true);
  });

  it('exit: the final interview records the information on rights and the young person’s view', () => {
    const sortie = example<{ entretien_fin: Json } & Json>('sortie');
    const { avis_jeune: _a, ...withoutView } = sortie.entretien_fin;
    expect(rejects('sortie', { ...sortie, entretien_fin: withoutView })).toBe(true);
    expect(rejects('sortie', { ...sortie, actions: [{ action: 'archivage', statut: 'faite' }] })).toBe(true);
  });
});

describe('reports, contracts and daily records added for F6, F7, F9, F13, F14, F16, COO-1 and the agenda', () => {
  const example = <T>(key: string) => clone(packExamples[key]) as T & Json;

  it('situation report: the next report date follows the rhythm; a deadline or end-of-measure report concludes on the measure; two evaluators at least', () => {
    const report = example<Json & { conclusion: Json; evaluation_pluridisciplinaire: { participants: Json[] } }>('rapport-situation');
    expect(capture('rapport-situation', report).data.date_prochain_rapport).toBeUndefined();
    expect(capture('rapport-situation', { ...report, type_rapport: 'annuel' }).data.date_prochain_rapport).toBe('2027-12-15');
    expect(capture('rapport-situation', { ...report, type_rapport: 'semestriel' }).data.date_prochain_rapport).toBe('2027-06-15');
    const { conclusion: _c, ...withoutConclusion } = report;
    expect(rejects('rapport-situation', withoutConclusion)).toBe(true);
    expect(rejects('rapport-situation', { ...report, type_rapport: 'fin_mesure', conclusion: { ajustements_plan_actions: 'Aucun' } })).toBe(true);
    expect(accepts('rapport-situation', { ...withoutConclusion, type_rapport: 'annuel' })).toEqual([]);
    expect(rejects('rapport-situation', { ...report, evaluation_pluridisciplinaire: { participants: report.evaluation_pluridisciplinaire.participants.slice(0, 1) } })).toBe(true);
    expect(rejects('rapport-situation', { ...report, saisine_commission_l223_1: { proposee: true } })).toBe(true);
  });

  it('young adult contract: ends before the 21st birthday, plans the interview six months after, dates the CEJ proposal', () => {
    const contract = example<Json & { prestations: Json }>('contrat-jeune-majeur');
    expect(capture('contrat-jeune-majeur', contract).data).toMatchObject({ date_21_ans: '2029-03-14', fin_avant_21_ans: true, entretien_post_sortie_prevu: '2027-09-13' });
    expect(accepts('contrat-jeune-majeur', { ...contract, date_fin: '2029-03-13' })).toEqual([]);
    expect(rejects('contrat-jeune-majeur', { ...contract, date_fin: '2029-03-14' })).toBe(true);
    const { date_proposition_cej: _d, ...undated } = contract.prestations;
    expect(rejects('contrat-jeune-majeur', { ...contract, prestations: undated })).toBe(true);
  });

  it('social evaluation report: two evaluators at least, unmet parents and an unshared report are motivated, a three-month horizon', () => {
    const report = example<Json & { equipe: Json[] }>('rapport-evaluation-sociale');
    expect(capture('rapport-evaluation-sociale', report).data.date_limite_evaluation).toBe('2026-08-12');
    expect(rejects('rapport-evaluation-sociale', { ...report, equipe: report.equipe.slice(0, 1) })).toBe(true);
    expect(rejects('rapport-evaluation-sociale', { ...report, tap_rencontres: false })).toBe(true);
    expect(accepts('rapport-evaluation-sociale', { ...report, tap_rencontres: false, tap_non_rencontre_motif: 'Trois convocations restées sans réponse.' })).toEqual([]);
    expect(rejects('rapport-evaluation-sociale', { ...report, information_mineur_tap: { mineur_informe: true, tap_informes: false } })).toBe(true);
  });

  it('inventory: counts the items and the pocket money balance; an empty list says so; an exit inventory records the restitution', () => {
    const inventory = example<Json>('inventaire-effets');
    const data = capture('inventaire-effets', inventory).data;
    expect(data.nombre_objets).toBe(28);
    expect((data.argent_poche as Json).solde).toBe(5.5);
    expect(rejects('inventaire-effets', { ...inventory, objets: [] })).toBe(true);
    expect(accepts('inventaire-effets', { ...inventory, objets: [], mention_aucun_objet: 'L’enfant est arrivé sans effets personnels.' })).toEqual([]);
    expect(rejects('inventaire-effets', { ...inventory, type_inventaire: 'sortie' })).toBe(true);
    expect(accepts('inventaire-effets', { ...inventory, type_inventaire: 'sortie', restitution_sortie: { tout_restitue: true, signataire: 'Inès Morel', date_restitution: '2027-01-08' } })).toEqual([]);
    expect(rejects('inventaire-effets', { ...inventory, type_inventaire: 'sortie', restitution_sortie: { tout_restitue: false, signataire: 'Inès Morel', date_restitution: '2027-01-08' } })).toBe(true);
  });

  it('liaison sheet: a protocol lists its actions, an answered sheet holds the answer, the answer deadline follows the urgency', () => {
    const sheet = example<Json>('fiche-navette');
    expect(capture('fiche-navette', sheet).data.echeance_reponse).toBe('2026-06-09');
    expect(capture('fiche-navette', { ...sheet, urgence: '48h' }).data.echeance_reponse).toBe('2026-05-27');
    expect(capture('fiche-navette', { ...sheet, reponse_attendue_avant: '2026-05-30' }).data.echeance_reponse).toBe('2026-05-30');
    expect(rejects('fiche-navette', { ...sheet, actions: [] })).toBe(true);
    const { reponse: _r, ...unanswered } = sheet;
    expect(rejects('fiche-navette', unanswered)).toBe(true);
    expect(accepts('fiche-navette', { ...unanswered, statut: 'envoyee' })).toEqual([]);
  });

  it('health check-up: delay since entry, BMI and yearly update computed; late vaccinations plan a catch-up', () => {
    const bilan = example<Json & { vaccinations: Json }>('bilan-sante');
    const data = capture('bilan-sante', bilan).data;
    expect(data).toMatchObject({ delai_depuis_entree_jours: 18, date_actualisation: '2027-02-20' });
    expect((data.croissance as Json).imc).toBe(17.3);
    expect(rejects('bilan-sante', { ...bilan, vaccinations: { a_jour: false } })).toBe(true);
    expect(accepts('bilan-sante', { ...bilan, vaccinations: { a_jour: true } })).toEqual([]);
  });

  it('activity: a child who took part has the account of it', () => {
    const { deroulement: _d, ...withoutAccount } = example<Json>('intervention-activite');
    expect(rejects('intervention-activite', withoutAccount)).toBe(true);
    expect(accepts('intervention-activite', { ...withoutAccount, participation: 'absent_excuse' })).toEqual([]);
  });

  it('agenda: a past event records the child’s presence, a cancelled one its reason', () => {
    const { presence_usager: _p, ...withoutPresence } = example<Json>('agenda-evenement');
    expect(rejects('agenda-evenement', withoutPresence)).toBe(true);
    expect(accepts('agenda-evenement', { ...withoutPresence, statut: 'prevu' })).toEqual([]);
    expect(rejects('agenda-evenement', { ...withoutPresence, statut: 'annule' })).toBe(true);
    expect(accepts('agenda-evenement', { ...withoutPresence, statut: 'reporte', motif_annulation: 'Juge indisponible, audience renvoyée.' })).toEqual([]);
  });
});
