/**
 * Every form and grid of the PDE pack passes what publishing checks (contract, lint, strict
 * compilation), classifies every field in a category of the habilitation matrix, and accepts its
 * typed example in final mode once the server has taken it over (server-owned values dropped,
 * grid scored, computed fields evaluated) — and refuses what the law or the domain forbids.
 */
import { type GridScoring, type SchemaNode, computeFields, dropServerOwned, lintForm, lintGrid, listFields, scoreGrid } from '@cordee/core';
import { createContractAjv, schemaRegistry, validateContract } from '@cordee/metadata';
import type { ContratSejourAnswers } from '../generated/forms/contrat-sejour';
import type { PpeAnswers } from '../generated/forms/ppe';
import { packArtefacts } from './pack';
import { packExamples } from './pack-examples';

type Json = Record<string, unknown>;
const artefacts = packArtefacts().filter((a) => a.kind === 'form' || a.kind === 'grid');
const definitionOf = (key: string) => artefacts.find((a) => a.key === key)!.definition as Json & { schema: SchemaNode };
const ajv = createContractAjv();
const validators = new Map(artefacts.map((a) => [a.key, ajv.compile(a.definition.schema as object)]));
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const categories = (() => {
  const form = schemaRegistry().get('metadata/form') as unknown as { $defs: { category: { oneOf: Array<{ const: string }> } } };
  return new Set(form.$defs.category.oneOf.map((c) => c.const));
})();

/** What the server stores for a final submission (engine/server/src/submissions/capture.ts), with the validation issues. */
function capture(key: string, input: object): { data: Json; errors: unknown[] } {
  const definition = definitionOf(key);
  const fields = listFields(definition.schema);
  const { data: owned } = dropServerOwned(clone(input) as Json, fields);
  const kind = artefacts.find((a) => a.key === key)!.kind;
  const grid = kind === 'grid' ? scoreGrid(definition as unknown as GridScoring, owned) : null;
  const context = grid ? { items: grid.items, scores: grid.scores, bands: grid.bands, evaluated: grid.evaluated, total: grid.total, completeness: grid.completeness } : {};
  const { data } = computeFields(owned, fields, context);
  const validate = validators.get(key)!;
  return { data, errors: validate(data) ? [] : (validate.errors ?? []) };
}
const accepts = (key: string, input: object) => capture(key, input).errors;
const rejects = (key: string, input: object) => capture(key, input).errors.length > 0;

describe('PDE pack forms and grids', () => {
  it('has the forms and grids of issue 6 and one typed example for each', () => {
    const keys = artefacts.map((a) => a.key).sort();
    for (const key of ['demande-admission', 'liste-attente', 'prise-de-contact', 'g1-besoins-fondamentaux', 'g2-evaluation-globale', 'g3-autonomie', 'transmission', 'transmission-ciblee', 'presence', 'ppe', 'projet-personnalise', 'contrat-sejour', 'accueil-provisoire', 'liberte-aller-venir', 'prestations-sociales', 'acte-soin', 'observation-medicale', 'prescription', 'bilan-psychologique', 'notes-psychologue', 'annuaire-entourage', 'incident', 'sortie', 'fiche-sanitaire', 'contacts-urgence', 'autorisation-soins', 'recueil-ip']) {
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
