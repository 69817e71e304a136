import type { ContratJeuneMajeurAnswers } from '../../../generated/forms/contrat-jeune-majeur';
import type { ContratSejourAnswers } from '../../../generated/forms/contrat-sejour';
import type { FicheSanitaireAnswers } from '../../../generated/forms/fiche-sanitaire';
import type { LiberteAllerVenirAnswers } from '../../../generated/forms/liberte-aller-venir';
import type { PpeAnswers } from '../../../generated/forms/ppe';
import type { ProjetPersonnaliseAnswers } from '../../../generated/forms/projet-personnalise';
import type { SortieAnswers } from '../../../generated/forms/sortie';
import type { G1BesoinsFondamentauxAnswers } from '../../../generated/grids/g1-besoins-fondamentaux';
import { addDays, addYears } from '../calendar';
import type { DemoPlacement } from '../model';
import type { SeededRandom } from '../random';
import type { DemoRecord } from './model';
import { type ChildFacts, at } from './people';

const record = (f: ChildFacts, form: string, authorLogin: string, day: string, time: string, data: object, kind: 'form' | 'grid' = 'form'): DemoRecord => ({
  childKey: f.child.key,
  kind,
  form,
  authorLogin,
  at: at(day, time),
  data: { ...data },
});

const ppeNature: Record<DemoPlacement['legalBasis'], PpeAnswers['decision']['nature']> = {
  assistance_educative: 'judiciaire_placement',
  accueil_provisoire: 'administrative_accueil_provisoire',
  tutelle: 'tutelle_pupille',
  delegation_autorite_parentale: 'delegation_ap',
  penal_mineurs: 'penale_cjpm',
  jeune_majeur: 'autre',
} as Record<DemoPlacement['legalBasis'], PpeAnswers['decision']['nature']>;

/** The contrat de séjour or DIPC (the server chooses which), handed over and signed within the legal deadlines. */
export function stayContract(f: ChildFacts, rng: SeededRandom, placement: DemoPlacement): DemoRecord {
  const handed = f.clamp(addDays(placement.startDate, rng.int(3, 14)));
  const signed = f.clamp(addDays(placement.startDate, rng.int(15, 28)));
  const signedYet = signed < f.today;
  const basis = placement.legalBasis === 'jeune_majeur' ? 'accueil_provisoire' : placement.legalBasis;
  const data: ContratSejourAnswers = {
    fondement_juridique: basis,
    reference_decision: placement.decisionReference,
    modalite_accueil: 'hebergement',
    date_admission: placement.startDate,
    date_debut: placement.startDate,
    ...(placement.endDate ? { date_fin_prevue: placement.endDate } : {}),
    refus_signature_representant: false,
    parties: { enfant: f.fullName, representants_legaux: [{ nom: f.mother, qualite: 'mere' }], etablissement: f.establishmentName, signataire_habilite: f.directeur.name, qualite_signataire: 'Directeur' },
    objectifs_prise_en_charge: ['Offrir un cadre de vie sécurisant', 'Soutenir la scolarité', 'Travailler les relations familiales'],
    prestations: [
      { categorie: 'educatives', description: 'Accompagnement éducatif quotidien' },
      { categorie: 'pedagogiques', description: 'Soutien scolaire' },
      { categorie: 'soins_therapeutiques', description: 'Accompagnement aux soins ; suivi psychologique si besoin' },
    ],
    conditions_revision_resiliation_cessation: 'Révision à la demande de l’une des parties ; fin au terme de la mesure.',
    participants_elaboration: [{ nom: f.directeur.name, qualite: 'Directeur' }, { nom: f.referent.name, qualite: 'Éducateur référent' }, { nom: f.mother, qualite: 'Mère' }],
    avis_mineur: f.ageOn(placement.startDate) < 4 ? 'Enfant trop jeune pour exprimer un avis ; attitude observée sereine.' : `${f.firstName} dit comprendre les règles de la maison.`,
    documents_remis: { livret_accueil: true, charte_droits_libertes: true, reglement_fonctionnement: true, date_remise_livret: placement.startDate },
    annexes: [{ type_annexe: 'annexe_liberte_aller_venir' }],
    date_remise: handed,
    signatures: [
      { role: 'directeur', nom: f.directeur.name, statut: 'signee', date_signature: handed },
      signedYet ? { role: 'representant_legal', nom: f.mother, statut: 'papier', date_signature: signed } : { role: 'representant_legal', nom: f.mother, statut: 'en_attente' },
    ],
    conservation_copie: true,
  };
  return record(f, 'contrat-sejour', f.secretariat.login, handed, '11:00', data);
}

/** The contract of a young adult, from the 18th birthday. */
export function youngAdultContract(f: ChildFacts, placement: DemoPlacement): DemoRecord {
  const start = placement.startDate;
  const end = addDays(addYears(f.child.identity.birthDate, 21), -1) < addYears(start, 1) ? addDays(addYears(f.child.identity.birthDate, 21), -1) : addDays(addYears(start, 1), -1);
  const data: ContratJeuneMajeurAnswers = {
    jeune: { nom: f.surname.toUpperCase(), prenoms: f.child.identity.firstNames, date_naissance: f.child.identity.birthDate },
    service_ase: 'Métropole de Lyon – aide sociale à l’enfance',
    etablissement: f.establishmentName,
    reference_decision: placement.decisionReference,
    date_debut: start,
    date_fin: end,
    renouvelable: true,
    objectifs: [
      { domaine: 'educatif_scolarite_formation', objectif: 'Obtenir un diplôme professionnel', echeance: end },
      { domaine: 'logement', objectif: 'Accéder à un logement autonome ou en FJT', echeance: end },
    ],
    engagements_jeune: ['Suivre sa formation', 'Rencontrer son référent chaque semaine'],
    engagements_service: ['Mettre à disposition un studio', 'Accompagner les démarches'],
    prestations: { hebergement: 'studio', allocation_montant: 400, allocation_periodicite: 'mensuelle', accompagnement_educatif: 'Un rendez-vous hebdomadaire', cej_propose: false },
    referent: { nom: f.referent.name, fonction: 'Éducateur référent' },
    bilan_intermediaire_date: addDays(start, 180),
    conditions_fin_anticipee: 'À la demande du jeune, ou après des manquements graves aux engagements constatés avec l’ASE.',
    signatures: [{ role: 'jeune', nom: f.fullName, statut: 'signee', date_signature: start }],
  };
  return record(f, 'contrat-jeune-majeur', f.referent.login, start, '10:00', data);
}

/** The emergency health sheet, by the nurse of the team (or the référent from the health booklet). */
export function healthSheet(f: ChildFacts, rng: SeededRandom): DemoRecord {
  const day = f.clamp(addDays(f.stayStart!, rng.int(1, 7)));
  const allergic = rng.chance(0.2);
  const data: FicheSanitaireAnswers = {
    identite: { nom: f.surname.toUpperCase(), prenom: f.firstName, date_naissance: f.child.identity.birthDate, sexe: f.child.identity.sex === 'F' ? 'F' : 'M' },
    groupe_sanguin: 'inconnu',
    vaccinations: [{ vaccin: 'DTCaP', date_injection: addDays(f.child.identity.birthDate, 365) }],
    statut_vaccinal_a_jour: rng.chance(0.85),
    allergies_connues: allergic,
    allergies: allergic ? [{ type_allergie: 'alimentaire', substance: rng.pick(['Arachide', 'Lait de vache', 'Kiwi']), reaction: 'Urticaire', severite: 'moderee' }] : [],
    traitements_en_cours: [],
    aide_prise_possible: true,
    pathologies_chroniques: [],
    pai_existant: allergic,
    medecin_traitant: { nom: 'Dr Claire Besson', telephone: '04 78 00 00 00' },
    autorisation_soins_urgents: true,
    date_mise_a_jour: day,
    valide_par: f.infirmier?.name ?? f.referent.name,
  };
  return record(f, 'fiche-sanitaire', (f.infirmier ?? f.referent).login, day, '15:00', data);
}

type G1Items = G1BesoinsFondamentauxAnswers['items'];
const g1Needs = ['physiologique_sante', 'protection', 'securite_affective_relationnelle', 'experiences_exploration', 'cadre_regles_limites', 'estime_valorisation_soi', 'identite'] as const;
const needObservations: Record<(typeof g1Needs)[number], string> = {
  physiologique_sante: 'Sommeil et alimentation encore irréguliers.',
  protection: 'Situation familiale à sécuriser pendant les visites.',
  securite_affective_relationnelle: 'Angoisse de séparation au retour des week-ends.',
  experiences_exploration: 'Peu d’activités en dehors de l’école.',
  cadre_regles_limites: 'Difficulté à accepter les règles collectives.',
  estime_valorisation_soi: 'Se dévalorise à l’école.',
  identite: 'Questions sur son histoire familiale.',
};

/** A G1 grid; `progress` raises the levels (a second grid shows the evolution). */
export function g1Grid(f: ChildFacts, rng: SeededRandom, day: string, progress: number): DemoRecord {
  const items = {} as Record<string, { niveau: '0' | '1' | '2' | '3' | 'NE'; observations?: string }>;
  for (const need of g1Needs) {
    const level = Math.min(3, rng.int(0, 3) + progress);
    const niveau = String(level) as '0' | '1' | '2' | '3';
    items[need] = level <= 1 ? { niveau, observations: needObservations[need] } : { niveau };
  }
  const evaluators = [f.referent.name, ...(f.psychologue ? [f.psychologue.name] : [])];
  const data: G1BesoinsFondamentauxAnswers = {
    date_evaluation: day,
    evaluateurs: evaluators as [string, ...string[]],
    items: items as unknown as G1Items,
    synthese: progress > 0 ? 'Évolution favorable depuis la précédente évaluation ; poursuivre le travail engagé.' : 'Première évaluation après l’accueil ; besoins à travailler avec la famille.',
  };
  return record(f, 'g1-besoins-fondamentaux', f.referent.login, day, '16:00', data, 'grid');
}

/** The PPE, established by the ASE with the family and the establishment within three months of the stay. */
export function ppe(f: ChildFacts, rng: SeededRandom, placement: DemoPlacement): DemoRecord {
  const planned = f.clamp(addDays(placement.startDate, rng.int(30, 80)));
  const day = placement.endDate && placement.endDate < planned ? placement.endDate : planned;
  const lieu: PpeAnswers['lieu_vie']['type_lieu'] = f.establishmentType === 'mecs' ? 'mecs' : f.establishmentType === 'foyer_enfance' ? 'foyer_enfance' : 'assistant_familial';
  const data: PpeAnswers = {
    enfant: { nom: f.surname.toUpperCase(), prenoms: f.child.identity.firstNames, sexe: f.child.identity.sex === 'F' ? 'F' : 'M', date_naissance: f.child.identity.birthDate },
    tap: [
      { nom: f.mother, lien: 'mere', exercice_autorite_parentale: placement.legalBasis === 'tutelle' ? 'tutelle' : 'conjoint' },
      { nom: f.father, lien: 'pere', exercice_autorite_parentale: placement.legalBasis === 'tutelle' ? 'tutelle' : 'conjoint' },
    ],
    lieu_vie: { type_lieu: lieu, etablissement: f.establishmentName, date_debut: placement.startDate },
    service_referent: { service: 'Métropole de Lyon – aide sociale à l’enfance', referent_nom: 'Référent ASE du territoire' },
    decision: { nature: ppeNature[placement.legalBasis] ?? 'autre', date_decision: addDays(placement.startDate, -rng.int(1, 10)), juridiction_service: placement.decisionReference, objectifs: ['Garantir la sécurité de l’enfant', 'Soutenir les liens familiaux'] },
    domaines: {
      developpement_sante: { evaluation_synthese: 'État de santé satisfaisant ; suivi médical à organiser.', besoins_identifies: ['Bilan de santé', 'Suivi vaccinal'], besoins_soins_accompagnement: 'Bilan de santé et de prévention à réaliser ; rendez-vous chez le médecin traitant.' },
      relations_famille_tiers: { evaluation_synthese: 'Liens avec la mère à soutenir ; visites régulières.', besoins_identifies: ['Accompagnement des visites'] },
      scolarite_vie_sociale: { evaluation_synthese: f.ageOn(day) < 3 ? 'Mode d’accueil collectif à rechercher.' : 'Scolarité à stabiliser.', besoins_identifies: ['Soutien scolaire'] },
    },
    objectifs: [
      { repere: 'O1', domaine: 'developpement_sante', libelle: 'Assurer un suivi de santé régulier' },
      { repere: 'O2', domaine: 'relations_famille_tiers', libelle: 'Maintenir des liens apaisés avec la famille' },
      { repere: 'O3', domaine: 'scolarite_vie_sociale', libelle: f.ageOn(day) < 3 ? 'Favoriser l’éveil et la socialisation' : 'Stabiliser la scolarité' },
    ],
    actions: [
      { objectif: 'O1', cible: 'enfant', description: 'Réaliser le bilan de santé et de prévention', acteur_responsable: `${f.establishmentName} – infirmier`, date_echeance: addDays(day, 60), statut: 'en_cours' },
      { objectif: 'O2', cible: 'tap', description: 'Visites accompagnées puis libres selon l’évolution', acteur_responsable: `${f.establishmentName} – éducateur référent`, role_parents: 'Venir aux visites prévues', date_echeance: addDays(day, 180), statut: 'en_cours' },
      { objectif: 'O3', cible: 'enfant', description: 'Point mensuel avec l’école ou la crèche', acteur_responsable: `${f.establishmentName} – éducateur référent`, date_echeance: addDays(day, 300), statut: 'prevue' },
    ],
    date_etablissement: day,
    participants_elaboration: [
      { nom: 'Référent ASE du territoire', qualite: 'Référent ASE', present: true },
      { nom: f.mother, qualite: 'Mère', present: rng.chance(0.8) },
      { nom: f.referent.name, qualite: 'Éducateur référent', present: true },
    ],
    signatures: [
      { role: 'pcd_ase', nom: 'Référent ASE du territoire', statut: 'signee', date_signature: day },
      { role: 'tap', nom: f.mother, statut: rng.chance(0.8) ? 'papier' : 'en_attente', date_signature: day },
    ],
  };
  return record(f, 'ppe', f.referent.login, day, '17:00', data);
}

/** The establishment's projet personnalisé, a few weeks after the PPE. */
export function personalProject(f: ChildFacts, rng: SeededRandom, ppeDay: string): DemoRecord {
  const day = f.clamp(addDays(ppeDay, rng.int(10, 30)));
  const data: ProjetPersonnaliseAnswers = {
    ppe_reference: `PPE du ${ppeDay}`,
    attentes_enfant: f.ageOn(day) < 4 ? 'Non recueillies (âge) ; observations de l’équipe.' : `« Je veux voir ma mère plus souvent. » (${f.firstName})`,
    attentes_tap: 'La mère souhaite être tenue informée de la scolarité et de la santé.',
    axes: [
      { domaine: 'scolarite_vie_sociale', objectif_etablissement: 'Régularité et méthode de travail', lien_objectif_ppe: 'O3', responsable: f.referent.name, statut: 'en_cours' },
      { domaine: 'relations_famille_tiers', objectif_etablissement: 'Préparer chaque visite avec l’enfant', lien_objectif_ppe: 'O2', responsable: f.referent.name, statut: 'en_cours' },
    ],
    prestations: [{ type_prestation: 'hebergement', frequence: 'Internat complet' }, { type_prestation: 'accompagnement_educatif', frequence: 'Quotidien', intervenant: 'Équipe éducative' }],
    date_elaboration: day,
    participation: { enfant_present: f.ageOn(day) >= 4, tap_presents: [f.mother], avis_mineur: f.ageOn(day) < 4 ? 'Non recueilli (âge).' : 'D’accord avec les objectifs.' },
    signatures: [{ role: 'etablissement', nom: f.chef.name, statut: 'signee', date_signature: day }],
  };
  return record(f, 'projet-personnalise', f.referent.login, day, '15:30', data);
}

/** The register of measures on the freedom to come and go, for a child old enough to go out. */
export function freedomMeasures(f: ChildFacts, rng: SeededRandom, placement: DemoPlacement): DemoRecord {
  const day = f.clamp(addDays(f.stayStart!, rng.int(5, 30)));
  const judicial = placement.legalBasis === 'assistance_educative' && rng.chance(0.4);
  const mesures: LiberteAllerVenirAnswers['mesures'] = [
    {
      type_mesure: f.ageOn(day) >= 13 ? 'sortie_seul_autorisee' : 'sortie_accompagnee_obligatoire',
      description: f.ageOn(day) >= 13 ? 'Sorties seul le mercredi et le samedi après-midi, retour à 18 h.' : 'Sorties accompagnées par un adulte de l’équipe.',
      fondement: f.ageOn(day) >= 13 ? 'autorisation_tap' : 'reglement_fonctionnement',
      motif_objectif: 'Développer l’autonomie en sécurité.',
      evaluation_benefices_risques: 'Bénéfice pour l’autonomie ; risque jugé faible par l’équipe.',
      participants_evaluation: [f.chef.name, f.referent.name],
      proportionnalite_justifiee: true,
      date_debut: day,
      date_reevaluation: addDays(day, 90),
      statut: 'en_vigueur',
    },
  ];
  if (judicial) {
    mesures.push({
      type_mesure: 'visites_mediatisees_uniquement',
      description: 'Rencontres avec le père uniquement en visite médiatisée.',
      fondement: 'decision_judiciaire',
      reference_decision: placement.decisionReference,
      motif_objectif: 'Protection de l’enfant conformément au jugement.',
      evaluation_benefices_risques: 'Mesure imposée par la décision ; expliquée à l’enfant.',
      proportionnalite_justifiee: true,
      date_debut: placement.startDate,
      date_reevaluation: addDays(day, 90),
      statut: 'en_vigueur',
    });
  }
  const data: LiberteAllerVenirAnswers = {
    mesures,
    avis_mineur: `${f.firstName} aimerait des horaires de retour plus tardifs.`,
    information: { tap: day },
    validation_direction: { nom: f.directeur.name, date_validation: day, statut: 'signee' },
  };
  return record(f, 'liberte-aller-venir', f.chef.login, day, '12:00', data);
}

/** The exit of a discharged child, with the final interview and the actions traced. */
export function exitRecord(f: ChildFacts, rng: SeededRandom, placement: DemoPlacement): DemoRecord {
  const end = placement.endDate!;
  const adult = f.ageOn(end) >= 18;
  const motif: SortieAnswers['motif_fin'] = adult ? 'fin_contrat_jeune_majeur' : rng.pick(['retour_en_famille', 'mainlevee_judiciaire', 'reorientation_autre_essms'] as const);
  const destination: SortieAnswers['destination'] =
    motif === 'reorientation_autre_essms' ? { type_destination: 'autre_essms', precision: 'Lieu de vie adapté' } : adult ? { type_destination: 'logement_autonome', precision: 'Studio en FJT' } : { type_destination: 'retour_famille', precision: 'Domicile de la mère' };
  const interview = addDays(end, -rng.int(3, 15));
  const data: SortieAnswers = {
    date_sortie: end,
    motif_fin: motif,
    destination,
    fin_document_contractuel: { date_fin: end, mode_fin: 'terme' },
    entretien_fin: {
      date_entretien: interview,
      participants: [f.fullName, f.referent.name, f.chef.name],
      bilan_parcours: 'Le jeune dit avoir trouvé de la stabilité ; il aurait aimé plus de sorties.',
      documents_remis: ['identite', 'carnet_sante', 'copie_projet'],
      information_droits: { acces_dossier: true, personne_a_contacter: `${f.chef.name}, chef de service` },
      avis_jeune: 'Content de partir, un peu inquiet pour la suite.',
    },
    actions: [
      { action: 'restitution_effets', statut: 'faite', date_realisation: end, responsable: 'Équipe éducative' },
      { action: 'information_ase', statut: 'faite', date_realisation: end, responsable: f.chef.name },
      { action: 'archivage', statut: 'a_faire', responsable: 'Secrétariat' },
    ],
    signatures: [{ role: 'jeune', nom: f.fullName, statut: 'signee', date_signature: interview }],
  };
  return record(f, 'sortie', f.referent.login, end, '17:00', data);
}
