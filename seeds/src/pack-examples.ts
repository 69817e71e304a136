/**
 * One realistic, complete answer per form and grid of the PDE pack, typed with the answer types
 * generated from the pack (seeds/generated). They prove each schema accepts what a professional
 * would enter, in final mode, and can seed demo dossiers. Fictional people only.
 */
import type { AccueilProvisoireAnswers } from '../generated/forms/accueil-provisoire';
import type { ActeSoinAnswers } from '../generated/forms/acte-soin';
import type { AnnuaireEntourageAnswers } from '../generated/forms/annuaire-entourage';
import type { AutorisationSoinsAnswers } from '../generated/forms/autorisation-soins';
import type { BilanPsychologiqueAnswers } from '../generated/forms/bilan-psychologique';
import type { ContactsUrgenceAnswers } from '../generated/forms/contacts-urgence';
import type { ContratSejourAnswers } from '../generated/forms/contrat-sejour';
import type { DemandeAdmissionAnswers } from '../generated/forms/demande-admission';
import type { FicheSanitaireAnswers } from '../generated/forms/fiche-sanitaire';
import type { IncidentAnswers } from '../generated/forms/incident';
import type { LiberteAllerVenirAnswers } from '../generated/forms/liberte-aller-venir';
import type { ListeAttenteAnswers } from '../generated/forms/liste-attente';
import type { NotesPsychologueAnswers } from '../generated/forms/notes-psychologue';
import type { ObservationMedicaleAnswers } from '../generated/forms/observation-medicale';
import type { PpeAnswers } from '../generated/forms/ppe';
import type { PrescriptionAnswers } from '../generated/forms/prescription';
import type { PresenceAnswers } from '../generated/forms/presence';
import type { PrestationsSocialesAnswers } from '../generated/forms/prestations-sociales';
import type { PriseDeContactAnswers } from '../generated/forms/prise-de-contact';
import type { ProjetPersonnaliseAnswers } from '../generated/forms/projet-personnalise';
import type { RecueilIpAnswers } from '../generated/forms/recueil-ip';
import type { SortieAnswers } from '../generated/forms/sortie';
import type { TransmissionAnswers } from '../generated/forms/transmission';
import type { TransmissionCibleeAnswers } from '../generated/forms/transmission-ciblee';
import type { AgendaEvenementAnswers } from '../generated/forms/agenda-evenement';
import type { BilanSanteAnswers } from '../generated/forms/bilan-sante';
import type { ContratJeuneMajeurAnswers } from '../generated/forms/contrat-jeune-majeur';
import type { FicheNavetteAnswers } from '../generated/forms/fiche-navette';
import type { InterventionActiviteAnswers } from '../generated/forms/intervention-activite';
import type { InventaireEffetsAnswers } from '../generated/forms/inventaire-effets';
import type { RapportEvaluationSocialeAnswers } from '../generated/forms/rapport-evaluation-sociale';
import type { RapportSituationAnswers } from '../generated/forms/rapport-situation';
import type { G1BesoinsFondamentauxAnswers } from '../generated/grids/g1-besoins-fondamentaux';
import type { G2EvaluationGlobaleAnswers } from '../generated/grids/g2-evaluation-globale';
import type { G3AutonomieAnswers } from '../generated/grids/g3-autonomie';
import type { DecisionAdmissionAnswers } from '../generated/forms/decision-admission';
import type { RemiseContratSejourAnswers } from '../generated/forms/remise-contrat-sejour';
import { protectionExamples } from './pack-examples-protection';

/** Placeholder establishment ids: a test replaces them with real ones where it matters. */
export const EXAMPLE_ESTABLISHMENT_ID = '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b';

/** The two steps of the pack's admission workflow (seeds/pack/workflows/admission.json). */
const decisionAdmission: DecisionAdmissionAnswers = {
  decision: 'acceptee',
  date_decision: '2026-01-16',
  motif: 'Projet d’établissement adapté ; place disponible au groupe des grands.',
  date_accueil_prevue: '2026-02-02',
};

const remiseContratSejour: RemiseContratSejourAnswers = {
  document: 'contrat_sejour',
  date_remise: '2026-02-10',
  remis_a: ['enfant', 'tap'],
  avis_mineur: 'Inès dit être d’accord avec les objectifs, et souhaite rentrer chez sa mère un week-end sur deux.',
};

const demandeAdmission: DemandeAdmissionAnswers = {
  date_reception: '2026-01-12',
  origine: 'ase',
  canal_reception: 'mssante',
  demandeur: { nom: 'Claire Rivière', service: 'ASE – Maison départementale des solidarités de Dole', fonction: 'Référente ASE', courriel: 'claire.riviere@departement.example.fr', adresse_mssante: 'claire.riviere@ase-jura.mssante.fr' },
  etablissements_demandes: [EXAMPLE_ESTABLISHMENT_ID],
  enfant: { nom: 'MOREL', prenoms: 'Inès Léa', date_naissance: '2013-04-03', sexe: 'F', lieu_vie_actuel: 'Domicile de la mère' },
  fondement_juridique: 'assistance_educative',
  reference_decision: 'JE Dole 25/00412',
  date_decision: '2026-01-09',
  urgence: false,
  type_place_souhaitee: 'internat_complet',
  date_souhaitee: '2026-02-02',
  duree_prevue_mois: 12,
  motif_demande: 'Placement ordonné par le juge des enfants après une aggravation des conflits familiaux et un décrochage scolaire.',
  besoins_specifiques: 'Suivi orthophonique à poursuivre ; scolarisée en 6e.',
  fratrie_accueil_conjoint: false,
  pieces_recues: ['decision_fondant_accueil', 'identite_enfant', 'identite_tap', 'carnet_sante'],
};

const listeAttente: ListeAttenteAnswers = {
  etablissement_id: EXAMPLE_ESTABLISHMENT_ID,
  date_inscription: '2026-01-13',
  statut: 'acceptee',
  priorite: 2,
  avis_technique: 'Profil compatible avec le projet de l’unité des 10-14 ans ; place disponible début février.',
  date_commission: '2026-01-20',
  date_admission_prevue: '2026-02-02',
  date_information_demandeur: '2026-01-21',
};

const priseDeContact: PriseDeContactAnswers = {
  date_heure_prevue: '2026-01-27T14:00:00+01:00',
  duree_prevue_minutes: 90,
  lieu: 'Maison d’enfants, salle des familles',
  modalite: 'visite_pre_admission',
  objet: 'Présenter l’unité, la chambre et l’équipe ; recueillir les attentes d’Inès et de sa mère.',
  participants: [
    { nom: 'Inès Morel', qualite: 'enfant', present: true },
    { nom: 'Sandrine Morel', qualite: 'tap', present: true },
    { nom: 'Claire Rivière', qualite: 'referent_ase', present: true },
    { nom: 'Yanis Benali', qualite: 'educateur_referent', present: true },
  ],
  enfant_informe: true,
  tap_invites: true,
  statut: 'realisee',
  date_heure_realisation: '2026-01-27T14:05:00+01:00',
  compte_rendu: 'Inès a visité l’unité et posé beaucoup de questions sur le collège ; sa mère souhaite des appels le mercredi.',
  suites: 'Admission confirmée le 2 février ; préparer le trousseau avec la mère.',
};

const transmission: TransmissionAnswers = {
  date_heure: '2026-02-03T21:30:00+01:00',
  categorie: 'vie_quotidienne',
  texte: 'Première soirée calme. Inès a appelé sa mère à 19 h comme prévu, puis a regardé un film avec le groupe. Coucher à 21 h 15.',
  visibilite: 'equipe_unite',
  a_lire_par: ['veilleur_nuit', 'educateur_specialise'],
  prioritaire: false,
};

const presence: PresenceAnswers = {
  jour: '2026-02-14',
  statut: 'absent_dvh_hebergement_famille',
  heure_depart: '10:00',
  heure_retour: '18:00',
  justificatif: 'Hébergement chez la mère un samedi sur deux (jugement du 9 janvier 2026).',
  evenements_planifies: [{ libelle: 'Séance d’orthophonie', type_evenement: 'rendez_vous_medical', heure: '09:00', realise: true, presence_usager: 'present' }],
};

const ppe: PpeAnswers = {
  enfant: { nom: 'MOREL', prenoms: 'Inès Léa', sexe: 'F', date_naissance: '2013-04-03', lieu_naissance_insee: '39198', statut_identite: 'validee' },
  tap: [
    { nom: 'MOREL', prenom: 'Sandrine', lien: 'mere', telephone: '06 12 34 56 78', exercice_autorite_parentale: 'conjoint' },
    { nom: 'MOREL', prenom: 'David', lien: 'pere', exercice_autorite_parentale: 'conjoint' },
  ],
  lieu_vie: { type_lieu: 'mecs', etablissement: '390000123', date_debut: '2026-02-02' },
  fratrie: [{ nom: 'MOREL', prenom: 'Lucas', date_naissance: '2017-08-21', lieu_vie: 'Domicile de la mère', mesure_en_cours: false, relations_maintenues: 'Appels et week-ends communs.' }],
  service_referent: { service: 'ASE Dole', referent_nom: 'Claire Rivière', referent_coordonnees: '03 84 00 00 00' },
  decision: { nature: 'judiciaire_placement', date_decision: '2026-01-09', juridiction_service: 'Tribunal judiciaire de Dole – juge des enfants', objectifs: ['Apaiser les relations familiales', 'Reprendre une scolarité régulière'], echeance: '2027-01-08' },
  dvh: [{ beneficiaire: 'tap', type_droit: 'hebergement', frequence: 'Un samedi sur deux, de 10 h à 18 h', source: 'decision' }],
  documents_articules: ['dipc', 'projet_personnalise'],
  domaines: {
    developpement_sante: {
      evaluation_synthese: 'Bon état de santé général ; troubles du langage écrit suivis en orthophonie.',
      besoins_identifies: ['Poursuivre l’orthophonie', 'Bilan visuel'],
      besoins_soins_accompagnement: 'Séance d’orthophonie hebdomadaire ; bilan ophtalmologique à programmer.',
      observations_enfant: 'Inès veut garder la même orthophoniste.',
    },
    relations_famille_tiers: {
      evaluation_synthese: 'Lien fort avec la mère, conflits fréquents ; le père est peu présent.',
      besoins_identifies: ['Médiation familiale'],
      observations_tap: 'La mère souhaite un rythme de visites plus soutenu.',
    },
    scolarite_vie_sociale: {
      evaluation_synthese: 'Décrochage au premier trimestre de 6e ; bonnes relations avec les pairs.',
      besoins_identifies: ['Soutien scolaire', 'Activité sportive'],
    },
  },
  objectifs: [
    { repere: 'O1', domaine: 'scolarite_vie_sociale', libelle: 'Retrouver une scolarité régulière', indicateur_atteinte: 'Assiduité supérieure à 90 % au trimestre' },
    { repere: 'O2', domaine: 'relations_famille_tiers', libelle: 'Apaiser les relations avec la mère' },
    { repere: 'O3', domaine: 'developpement_sante', libelle: 'Poursuivre les soins orthophoniques' },
  ],
  actions: [
    { objectif: 'O1', cible: 'enfant', description: 'Aide aux devoirs quatre soirs par semaine', acteur_responsable: 'MECS – éducateur référent', date_debut: '2026-02-09', date_echeance: '2026-06-30', statut: 'en_cours' },
    { objectif: 'O2', cible: 'tap', description: 'Entretiens mère-fille mensuels', acteur_responsable: 'MECS – psychologue', role_parents: 'Participer aux entretiens', date_echeance: '2026-12-31', statut: 'prevue' },
    { objectif: 'O3', cible: 'enfant', description: 'Accompagnement aux séances d’orthophonie', acteur_responsable: 'MECS – équipe éducative', date_echeance: '2026-12-31', statut: 'en_cours' },
  ],
  actes_usuels_a_referer: ['Inscription à une activité sportive en club'],
  date_etablissement: '2026-04-15',
  fin_de_mesure: false,
  participants_elaboration: [
    { nom: 'Claire Rivière', qualite: 'Référente ASE', present: true },
    { nom: 'Sandrine Morel', qualite: 'Mère', present: true },
    { nom: 'Inès Morel', qualite: 'Enfant', present: true },
  ],
  signatures: [
    { role: 'pcd_ase', nom: 'Claire Rivière', statut: 'signee', date_signature: '2026-04-20' },
    { role: 'tap', nom: 'Sandrine Morel', statut: 'papier', date_signature: '2026-04-22' },
    { role: 'tap', nom: 'David Morel', statut: 'refusee', date_signature: '2026-04-25', motif_refus: 'Désaccord avec le placement, exprimé par courrier.' },
  ],
  remises: [{ destinataire: 'enfant', date_remise: '2026-04-22', canal: 'main_propre' }],
};

const projetPersonnalise: ProjetPersonnaliseAnswers = {
  ppe_reference: 'PPE du 15 avril 2026',
  attentes_enfant: '« Je veux passer en 5e et voir maman plus souvent. »',
  attentes_tap: 'La mère souhaite être associée au suivi scolaire.',
  axes: [
    { domaine: 'scolarite_vie_sociale', objectif_etablissement: 'Assiduité et méthode de travail', lien_objectif_ppe: 'O1', responsable: 'Yanis Benali', echeance: '2026-06-30', statut: 'en_cours' },
    { domaine: 'autonomie', objectif_etablissement: 'Gérer son argent de poche', responsable: 'Yanis Benali', statut: 'prevu' },
  ],
  prestations: [
    { type_prestation: 'hebergement', frequence: 'Internat complet' },
    { type_prestation: 'soutien_scolaire', frequence: '4 soirs par semaine', intervenant: 'Équipe éducative' },
    { type_prestation: 'suivi_psychologique', frequence: 'Mensuel', intervenant: 'Psychologue de l’établissement' },
  ],
  projet_sortie: { orientation_envisagee: 'Retour progressif au domicile de la mère', date_cible: '2027-01-08' },
  date_elaboration: '2026-05-04',
  participation: { enfant_present: true, tap_presents: ['Sandrine Morel'], avis_mineur: 'Inès est d’accord avec les objectifs et demande des appels plus longs.' },
  signatures: [{ role: 'etablissement', nom: 'Marc Durand', statut: 'signee', date_signature: '2026-05-04' }],
};

const contratSejour: ContratSejourAnswers = {
  fondement_juridique: 'accueil_provisoire',
  reference_decision: 'Accord ASE du 28 janvier 2026',
  date_decision: '2026-01-28',
  modalite_accueil: 'hebergement',
  date_admission: '2026-02-02',
  date_debut: '2026-02-02',
  date_fin_prevue: '2027-01-31',
  refus_signature_representant: false,
  parties: {
    enfant: 'Inès Léa MOREL',
    representants_legaux: [{ nom: 'Sandrine Morel', qualite: 'mere' }],
    etablissement: 'Maison d’enfants Les Tilleuls',
    signataire_habilite: 'Marc Durand',
    qualite_signataire: 'Directeur',
  },
  objectifs_prise_en_charge: ['Offrir un cadre de vie sécurisant', 'Soutenir la reprise d’une scolarité régulière', 'Travailler les relations familiales'],
  prestations: [
    { categorie: 'educatives', description: 'Accompagnement éducatif quotidien par l’équipe de l’unité' },
    { categorie: 'pedagogiques', description: 'Soutien scolaire quatre soirs par semaine' },
    { categorie: 'soins_therapeutiques', description: 'Suivi psychologique mensuel ; accompagnement aux soins' },
  ],
  conditions_sejour_accueil: 'Chambre individuelle dans l’unité des 10-14 ans ; visites et hébergements selon l’accord ASE.',
  participation_financiere: { applicable: false },
  conditions_revision_resiliation_cessation: 'Révision à la demande de l’une des parties ; fin au terme de l’accueil provisoire ou sur décision de l’ASE.',
  participants_elaboration: [
    { nom: 'Marc Durand', qualite: 'Directeur' },
    { nom: 'Sandrine Morel', qualite: 'Mère' },
    { nom: 'Inès Morel', qualite: 'Enfant' },
  ],
  avis_mineur: 'Inès trouve le règlement strict mais accepte les horaires.',
  documents_remis: { livret_accueil: true, charte_droits_libertes: true, reglement_fonctionnement: true, date_remise_livret: '2026-02-02' },
  annexes: [{ type_annexe: 'annexe_liberte_aller_venir', intitule: 'Mesures relatives à la liberté d’aller et venir' }],
  date_remise: '2026-02-12',
  signatures: [
    { role: 'directeur', nom: 'Marc Durand', statut: 'signee', date_signature: '2026-02-12' },
    { role: 'representant_legal', nom: 'Sandrine Morel', statut: 'en_attente' },
  ],
  conservation_copie: true,
};

const accueilProvisoire: AccueilProvisoireAnswers = {
  service_ase: 'ASE du Jura – Maison départementale des solidarités de Dole',
  date_accord: '2026-01-28',
  date_debut: '2026-02-02',
  date_fin: '2027-01-31',
  mode_placement: { type_lieu: 'etablissement', nom_lieu: 'Maison d’enfants Les Tilleuls', responsable: 'Marc Durand' },
  duree_placement_mois: 12,
  maintien_liens: 'Hébergement chez la mère un samedi sur deux ; appels libres le mercredi.',
  personnes_autorisees_relations: [{ nom: 'Josiane Morel', lien: 'Grand-mère maternelle', conditions: 'Visites à l’établissement' }],
  participation_financiere_parents: 'Aucune participation demandée.',
  suivi: { nom: 'Claire Rivière', qualite: 'Référente ASE', conditions: 'Rencontre mensuelle avec Inès' },
  conditions_revision: 'Révision à la demande des parents ou du service, et au plus tard à l’échéance.',
  information_remise: { garde_limitee_date_fixee: true, obligation_reprise: true, saisine_judiciaire: true, decisions_judiciaires_possibles: true, date_information: '2026-01-28' },
  informations_prealables: { aides: true, droits_devoirs_autorite_parentale: true, acces_dossiers: true, personne_habilitee_decider: 'Inspectrice ASE du territoire de Dole' },
  accords_tap: [
    { nom: 'Sandrine Morel', qualite: 'mere', reponse: 'accord', date_reponse: '2026-01-28', mode: 'papier' },
    { nom: 'David Morel', qualite: 'pere', reponse: 'accord', date_reponse: '2026-01-29', mode: 'electronique' },
  ],
  signature_ase: { nom: 'Hélène Vautrin', date_signature: '2026-01-29' },
  decision_motivee_voies_recours: 'Décision d’admission motivée ; recours gracieux auprès du président du conseil départemental, contentieux devant le tribunal administratif de Besançon dans les deux mois.',
};

const liberteAllerVenir: LiberteAllerVenirAnswers = {
  mesures: [
    {
      type_mesure: 'sortie_seul_autorisee',
      description: 'Trajet seul collège – établissement, le mercredi après-midi jusqu’à 17 h dans le centre-ville.',
      fondement: 'autorisation_tap',
      motif_objectif: 'Développer l’autonomie dans les déplacements.',
      evaluation_benefices_risques: 'Bénéfice pour l’autonomie ; risque faible, trajet connu et téléphone.',
      participants_evaluation: ['Chef de service', 'Psychologue', 'Éducateur référent'],
      proportionnalite_justifiee: true,
      date_debut: '2026-03-02',
      date_reevaluation: '2026-06-01',
      statut: 'en_vigueur',
    },
    {
      type_mesure: 'restriction_contact_personne',
      description: 'Pas de contact avec M. X en dehors des visites médiatisées.',
      fondement: 'decision_judiciaire',
      reference_decision: 'JE Dole 25/00412',
      motif_objectif: 'Protection de l’enfant conformément au jugement.',
      evaluation_benefices_risques: 'Mesure imposée par la décision ; expliquée à Inès.',
      proportionnalite_justifiee: true,
      date_debut: '2026-02-02',
      date_fin: '2027-01-08',
      date_reevaluation: '2026-05-02',
      statut: 'en_vigueur',
    },
  ],
  revues_proportionnalite: [{ date_revue: '2026-05-04', participants: ['Chef de service', 'Psychologue'], conclusion: 'Mesures maintenues ; élargissement des horaires de sortie à étudier en juin.' }],
  avis_mineur: 'Inès aimerait pouvoir sortir le samedi avec ses amies.',
  information: { tap: '2026-03-02', ase: '2026-03-02' },
  validation_direction: { nom: 'Marc Durand', date_validation: '2026-03-02', statut: 'signee' },
};

const prestationsSociales: PrestationsSocialesAnswers = {
  droits: [
    { type_droit: 'complementaire_sante_solidaire', numero: 'CSS-2026-00123', organisme: 'CPAM du Jura', statut: 'ouvert', date_debut: '2026-02-15', date_expiration: '2027-02-14' },
    { type_droit: 'carte_identite_passeport', statut: 'demande_en_cours', commentaire: 'Rendez-vous en mairie le 10 mars.' },
  ],
  date_mise_a_jour: '2026-03-01',
};

const transmissionCiblee: TransmissionCibleeAnswers = {
  date_heure: '2026-03-05T08:15:00+01:00',
  cible: 'Douleur abdominale',
  donnees: 'Se plaint de douleurs au ventre au réveil, pas de fièvre (36,9 °C).',
  actions: 'Repos, boisson chaude ; médecin traitant prévenu.',
  resultats: 'Douleur disparue à 11 h ; retour en classe l’après-midi.',
  date_heure_evaluation: '2026-03-05T11:00:00+01:00',
  statut_cible: 'resolue',
};

const acteSoin: ActeSoinAnswers = {
  date_heure: '2026-03-10T16:30:00+01:00',
  type_acte: 'vaccination',
  description: 'Rappel diphtérie-tétanos-poliomyélite-coqueluche.',
  realise_par: { nom: 'Nathalie Perrin', qualite: 'infirmier', rpps: '10101010101' },
  lieu: 'etablissement',
  resultat_suites: 'Bonne tolérance. Carnet de santé mis à jour.',
  information_equipe_educative: 'Surveiller une éventuelle fièvre ce soir.',
};

const observationMedicale: ObservationMedicaleAnswers = {
  date_observation: '2026-03-12T10:00:00+01:00',
  auteur: { nom: 'Dr Anne Lambert', qualite: 'medecin_externe', rpps: '10002345678' },
  origine: 'recue_mssante',
  motif: 'Consultation pour bilan visuel',
  observation: 'Myopie légère bilatérale ; prescription de lunettes.',
  conclusion: 'Port de lunettes en classe.',
  informations_utiles_quotidien: 'Inès doit porter ses lunettes en classe et pour les écrans.',
};

const prescription: PrescriptionAnswers = {
  date_prescription: '2026-03-12',
  prescripteur: { nom: 'Dr Anne Lambert', rpps: '10002345678', specialite: 'Ophtalmologie' },
  indication: 'Conjonctivite allergique saisonnière',
  traitements: [{ medicament: 'Collyre antihistaminique', posologie: '1 goutte dans chaque œil matin et soir', voie: 'autre', moments: ['matin', 'soir'], date_debut: '2026-03-12', date_fin: '2026-03-26', aide_prise_possible: true }],
  actes_examens: [{ type_acte: 'consultation_specialisee', libelle: 'Contrôle ophtalmologique', date_prevue: '2026-09-15', realise: false }],
};

const ficheSanitaire: FicheSanitaireAnswers = {
  identite: { nom: 'MOREL', prenom: 'Inès', date_naissance: '2013-04-03', sexe: 'F' },
  poids_kg: 38.5,
  taille_cm: 149,
  date_mesure: '2026-02-03',
  groupe_sanguin: 'inconnu',
  vaccinations: [{ vaccin: 'DTCaP', date_injection: '2026-03-10' }],
  statut_vaccinal_a_jour: true,
  allergies_connues: true,
  allergies: [{ type_allergie: 'alimentaire', substance: 'Arachide', reaction: 'Urticaire, gonflement des lèvres', severite: 'severe' }],
  regime_alimentaire: ['autre'],
  traitements_en_cours: [],
  aide_prise_possible: true,
  pathologies_chroniques: [],
  pai_existant: true,
  conduite_a_tenir_urgence: 'En cas de gonflement ou de gêne respiratoire : stylo d’adrénaline (trousse dans le bureau éducatif), appeler le 15.',
  medecin_traitant: { nom: 'Dr Paul Girard', telephone: '03 84 11 22 33' },
  autorisation_soins_urgents: true,
  date_mise_a_jour: '2026-03-12',
  valide_par: 'Nathalie Perrin, infirmière',
};

const contactsUrgence: ContactsUrgenceAnswers = {
  contacts: [
    { ordre_appel: 1, nom: 'Astreinte de direction Les Tilleuls', qualite: 'astreinte_direction', telephone: '06 00 00 00 01', joignable_horaires: '24 h/24', joignable_24h: true, a_prevenir_en_cas_de: ['hospitalisation', 'fugue', 'accident', 'incident'] },
    { ordre_appel: 2, nom: 'Sandrine Morel', qualite: 'tap', telephone: '06 12 34 56 78', joignable_horaires: 'Après 17 h', joignable_24h: false, a_prevenir_en_cas_de: ['hospitalisation', 'accident'] },
  ],
  date_verification: '2026-02-03',
  verifie_par: 'Yanis Benali',
};

const autorisationSoins: AutorisationSoinsAnswers = {
  type_autorisation: 'hospitalisation_anesthesie',
  qualification_acte: 'non_usuel',
  description_acte: 'Extraction de dents de sagesse sous anesthésie générale.',
  prescripteur: { nom: 'Dr Samir Haddad', qualite: 'Chirurgien-dentiste' },
  date_prevue: '2026-06-18',
  accords_tap: [
    { titulaire: 'Sandrine Morel', reponse: 'accord', date_reponse: '2026-05-20', mode: 'ecrit_signe' },
    { titulaire: 'David Morel', reponse: 'accord', date_reponse: '2026-05-22', mode: 'electronique' },
  ],
  consentement_mineur: 'consent',
  avis_mineur: 'Inès a peur de l’anesthésie mais accepte l’intervention.',
  validite: 'date_fixe',
  date_fin_validite: '2026-07-31',
};

const bilanPsychologique: BilanPsychologiqueAnswers = {
  type_document: 'bilan_psychologique',
  date_document: '2026-04-02',
  auteur: { nom: 'Élodie Marchand', qualite: 'psychologue' },
  motif: 'Bilan d’observation après deux mois d’accueil.',
  outils_utilises: 'Entretiens cliniques, dessin de la famille.',
  contenu: 'Inès investit la relation avec les adultes de l’unité ; l’angoisse de séparation reste marquée le dimanche soir.',
  conclusions: 'Adaptation en cours, besoin de repères stables autour des retours en famille.',
  preconisations: 'Rituel de retour le dimanche soir ; entretiens mère-fille mensuels.',
  elements_pour_le_projet: 'Préparer avec Inès chaque retour de week-end.',
  valide: true,
  date_validation: '2026-04-03',
};

const notesPsychologue: NotesPsychologueAnswers = {
  date_note: '2026-03-20',
  objet: 'entretien_individuel',
  note: 'Évoque spontanément la séparation de ses parents ; pleure en parlant de son frère.',
  hypotheses: 'Loyauté envers la mère ; culpabilité vis-à-vis du frère resté au domicile.',
  a_reprendre: 'Place du père dans son discours.',
};

const annuaireEntourage: AnnuaireEntourageAnswers = {
  contacts: [
    { categorie: 'entourage', nom: 'MOREL', prenom: 'Josiane', lien_ou_qualite: 'grand_parent', telephone: '03 84 55 66 77', autorise_recevoir_informations: true, autorise_venir_chercher_enfant: true, restriction_contact: false },
    { categorie: 'entourage', nom: 'X', lien_ou_qualite: 'autre', restriction_contact: true, reference_decision_restriction: 'JE Dole 25/00412', autorise_venir_chercher_enfant: false },
    { categorie: 'professionnel', nom: 'Lambert', prenom: 'Anne', lien_ou_qualite: 'specialiste', organisme: 'Cabinet d’ophtalmologie', adresse_mssante: 'anne.lambert@medecin.mssante.fr' },
  ],
};

const recueilIp: RecueilIpAnswers = {
  emetteur: { nom: 'Yanis Benali', fonction: 'Éducateur spécialisé', etablissement: 'Maison d’enfants Les Tilleuls', adresse_mssante: 'yanis.benali@tilleuls.mssante.fr' },
  date_heure_redaction: '2026-05-11T18:20:00+02:00',
  date_faits: '2026-05-10',
  mineur_concerne: { nom: 'MOREL', prenoms: 'Lucas', date_naissance: '2017-08-21', sexe: 'M', adresse: 'Domicile de la mère, Dole', scolarite_lieu_accueil: 'École élémentaire Pasteur' },
  autres_mineurs_domicile: [],
  personnes_domicile: [{ nom: 'MOREL', prenom: 'Sandrine', lien: 'tap' }],
  faits_observes: 'Le 10 mai, au retour de week-end, Inès rapporte que son frère Lucas reste seul le soir jusqu’à 23 h plusieurs fois par semaine.',
  propos_rapportes: [{ propos: '« Lucas a peur quand maman ne rentre pas, il m’appelle. »', auteur: 'Inès Morel', contexte: 'Entretien avec son éducateur référent, le 10 mai à 19 h.' }],
  nature_danger_suspecte: ['negligences'],
  danger_immediat: false,
  information_tap: { informes: 'oui', date_information: '2026-05-11' },
  demande_retour_information: true,
  validation: { valide_par: 'Martine Roux', fonction: 'chef_service', date_heure_validation: '2026-05-11T18:45:00+02:00' },
  date_heure_transmission: '2026-05-11T19:00:00+02:00',
};

const incident: IncidentAnswers = {
  date_heure_survenue: '2026-06-06T22:40:00+02:00',
  date_heure_constat: '2026-06-06T22:45:00+02:00',
  lieu: 'Unité des 10-14 ans',
  categorie_evenement: 'disparition',
  description_faits: 'Inès n’est pas rentrée après la sortie autorisée de l’après-midi ; téléphone éteint.',
  nombre_victimes: 0,
  nombre_personnes_exposees: 1,
  mesures_immediates: 'Recherches aux abords, appels aux proches, déclaration de fugue au commissariat à 23 h 10.',
  dispositions_eviter_reproduction: 'Réévaluation de la mesure de sortie seule ; entretien avec Inès au retour.',
  information_personne_proches: 'Mère informée à 23 h 05 ; Inès entendue à son retour.',
  information: { tap: '2026-06-06T23:05:00+02:00', ase: '2026-06-07T09:00:00+02:00', police_gendarmerie: '2026-06-06T23:10:00+02:00' },
  declaration_autorite: { requise: true, autorites: ['conseil_departemental'], mode: 'oral', date_heure_transmission: '2026-06-07T09:00:00+02:00', confirmation_ecrite_le: '2026-06-08T10:00:00+02:00' },
  fugue: { declaration_police_le: '2026-06-06T23:10:00+02:00', retour_le: '2026-06-07T11:30:00+02:00', etat_au_retour: 'Fatiguée, sans blessure ; a passé la nuit chez une amie.' },
  repercussions_mediatiques: false,
  redige_par: 'Sophie Martin, veilleuse de nuit',
};

const sortie: SortieAnswers = {
  date_sortie: '2027-01-08',
  motif_fin: 'retour_en_famille',
  destination: { type_destination: 'retour_famille', precision: 'Domicile de la mère, Dole' },
  fin_document_contractuel: { date_fin: '2027-01-08', mode_fin: 'terme' },
  entretien_fin: {
    date_entretien: '2026-12-18',
    participants: ['Inès Morel', 'Sandrine Morel', 'Yanis Benali', 'Martine Roux'],
    bilan_parcours: 'Inès dit que le soutien scolaire l’a aidée ; elle aurait aimé plus de sorties le week-end.',
    situation_a_la_sortie: { scolarite_formation_emploi: 'Scolarisée en 5e au collège de Dole', sante: 'Orthophonie à poursuivre en ville' },
    relais_identifies: [{ nom: 'AEMO Dole', role: 'Accompagnement du retour en famille' }],
    documents_remis: ['identite', 'carnet_sante', 'copie_projet', 'inventaire'],
    information_droits: { acces_dossier: true, personne_a_contacter: 'Martine Roux, cheffe de service' },
    avis_jeune: 'Contente de rentrer ; inquiète de changer d’orthophoniste.',
    avis_tap: 'La mère remercie l’équipe.',
  },
  actions: [
    { action: 'restitution_effets', statut: 'faite', date_realisation: '2027-01-08', responsable: 'Maîtresse de maison' },
    { action: 'transmission_sante', statut: 'faite', date_realisation: '2027-01-07', responsable: 'Infirmière' },
    { action: 'archivage', statut: 'a_faire', responsable: 'Secrétariat' },
  ],
  signatures: [{ role: 'jeune', nom: 'Inès Morel', statut: 'signee', date_signature: '2026-12-18' }],
};

const rapportSituation: RapportSituationAnswers = {
  type_rapport: 'echeance',
  periode_couverte: { du: '2026-02-02', au: '2026-12-15' },
  reference_decision: 'JE Dole 25/00412',
  echeance_mesure: '2027-01-08',
  evaluation_pluridisciplinaire: {
    participants: [
      { nom: 'Yanis Benali', qualite: 'Éducateur référent' },
      { nom: 'Élodie Marchand', qualite: 'Psychologue' },
      { nom: 'Nathalie Perrin', qualite: 'Infirmière' },
    ],
    dates: ['2026-11-20', '2026-12-01'],
    grilles_utilisees: ['g1_besoins_fondamentaux', 'g2_evaluation_globale'],
  },
  domaine_developpement_sante: 'Bon état de santé ; orthophonie régulière, lunettes portées en classe. Angoisse du dimanche soir apaisée depuis le rituel de retour.',
  domaine_relations_famille_tiers: 'Relations mère-fille apaisées grâce aux entretiens mensuels ; hébergements du samedi réguliers. Le père reste peu présent.',
  domaine_scolarite_vie_sociale: 'Assiduité de 94 % au premier trimestre de 5e ; inscrite au club de basket.',
  elements_principaux_evaluation: 'Les besoins de sécurité affective sont mieux couverts ; le retour au domicile de la mère est envisageable avec un accompagnement.',
  bilan_actions_ppe: [
    { action: 'Aide aux devoirs quatre soirs par semaine', realisee: 'oui', points_evolution: 'Méthode de travail acquise.', actions_a_poursuivre: 'Autonomie dans les devoirs.' },
    { action: 'Entretiens mère-fille mensuels', realisee: 'partiellement', implication_parents: 'La mère a participé à 8 entretiens sur 10.' },
  ],
  bilan_objectifs_decision: 'Les objectifs d’apaisement familial et de reprise scolaire sont atteints.',
  conclusion: { prestation: 'arret', avis_evolution_mesure_ou_statut: 'Fin du placement à l’échéance avec une mesure d’AEMO pour accompagner le retour.', ajustements_plan_actions: 'Préparer le changement d’orthophoniste.' },
  saisine_commission_l223_1: { proposee: false },
  faits_marquants: [{ date: '2026-06-06', concerne: 'enfant', fait: 'Fugue d’une nuit, retour le lendemain.', decisions_prises: 'Réévaluation des sorties seules.' }],
  communication_prealable: { tap_informes: true, mineur_informe: true, date_communication: '2026-12-10', modalites: 'Lecture commentée lors d’un entretien à l’établissement', observations_recueillies: 'Inès et sa mère approuvent la proposition de retour.' },
  destinataires: ['ase', 'juge_enfants'],
  date_transmission: '2026-12-15',
  redige_par: 'Yanis Benali',
  valide_par: 'Martine Roux, cheffe de service',
};

const contratJeuneMajeur: ContratJeuneMajeurAnswers = {
  jeune: { nom: 'FAURE', prenoms: 'Kevin', date_naissance: '2008-03-14' },
  service_ase: 'ASE du Jura – Maison départementale des solidarités de Dole',
  etablissement: 'Maison d’enfants Les Tilleuls – studios d’autonomie',
  reference_decision: 'Décision PCD n° 2026-00871',
  date_debut: '2026-03-14',
  date_fin: '2027-03-13',
  renouvelable: true,
  objectifs: [
    { domaine: 'educatif_scolarite_formation', objectif: 'Obtenir le CAP cuisine', echeance: '2026-06-30' },
    { domaine: 'logement', objectif: 'Obtenir une place en foyer de jeunes travailleurs', echeance: '2027-01-31' },
    { domaine: 'ressources_budget', objectif: 'Tenir un budget mensuel', echeance: '2026-09-30' },
  ],
  engagements_jeune: ['Suivre assidûment la formation', 'Rencontrer son référent chaque semaine'],
  engagements_service: ['Mettre à disposition un studio', 'Accompagner les démarches de logement et d’emploi'],
  prestations: { hebergement: 'studio', allocation_montant: 420, allocation_periodicite: 'mensuelle', accompagnement_educatif: 'Un rendez-vous hebdomadaire avec le référent', cej_propose: true, date_proposition_cej: '2026-04-02' },
  referent: { nom: 'Yanis Benali', fonction: 'Éducateur spécialisé', coordonnees: '03 84 00 00 10' },
  personne_confiance: { nom: 'Josiane Faure', lien: 'Tante' },
  bilan_intermediaire_date: '2026-09-14',
  conditions_fin_anticipee: 'À la demande du jeune, ou après deux manquements graves aux engagements constatés en entretien avec l’ASE.',
  signatures: [
    { role: 'jeune', nom: 'Kevin Faure', statut: 'signee', date_signature: '2026-03-14' },
    { role: 'pcd_ase', nom: 'Hélène Vautrin', statut: 'signee', date_signature: '2026-03-16' },
  ],
};

const rapportEvaluationSociale: RapportEvaluationSocialeAnswers = {
  reference_ip: 'IP du 11 mai 2026 (Maison d’enfants Les Tilleuls)',
  date_reception_ip: '2026-05-12',
  equipe: [
    { nom: 'Camille Roche', qualite: 'social', formation_evaluation: true },
    { nom: 'Hugo Lemaire', qualite: 'psychologie', formation_evaluation: true },
  ],
  situation_mineur: 'Lucas, 8 ans, scolarisé en CE2 ; bonne santé ; exprime de la peur lorsqu’il reste seul le soir.',
  situation_autres_mineurs: 'Aucun autre mineur au domicile ; sa sœur Inès est accueillie en MECS.',
  situation_tap: 'La mère travaille en horaires décalés ; elle reconnaît les difficultés de garde et accepte une aide.',
  tap_rencontres: true,
  contributions: [
    { professionnel: 'Camille Roche (assistante sociale)', analyse: 'Isolement de la mère, absence de solution de garde le soir.' },
    { professionnel: 'Hugo Lemaire (psychologue)', analyse: 'Lucas est attaché à sa mère ; anxiété liée aux soirées seul.' },
  ],
  avis_mineur: 'Lucas veut rester avec sa mère « mais pas tout seul le soir ».',
  avis_tap: 'La mère demande une aide pour la garde et une TISF.',
  avis_environnement: 'L’école ne relève pas d’autre signe de danger.',
  grille_g2_reference: 'Grille G2 du 20 mai 2026',
  conclusion: { qualification: 'risque_de_danger', proposition: 'actions_adaptees', argumentaire: 'Négligence liée aux horaires de travail, mère en demande d’aide : une aide éducative à domicile et une TISF répondent au besoin de sécurité.' },
  date_transmission_pcd: '2026-07-20',
  information_mineur_tap: { mineur_informe: true, tap_informes: true, date_information: '2026-07-22' },
};

const inventaireEffets: InventaireEffetsAnswers = {
  date_inventaire: '2026-02-02',
  type_inventaire: 'entree',
  objets: [
    { categorie: 'vetements', description: 'Pantalons, pulls, sous-vêtements', quantite: 24, etat: 'bon', lieu_depot: 'chambre' },
    { categorie: 'papiers_identite', description: 'Carte nationale d’identité', quantite: 1, lieu_depot: 'coffre_etablissement' },
    { categorie: 'telephone_numerique', description: 'Téléphone portable', quantite: 1, etat: 'usage', lieu_depot: 'chambre' },
    { categorie: 'souvenirs_affectifs', description: 'Album photo et peluche', quantite: 2, lieu_depot: 'chambre' },
  ],
  argent_depose_montant: 35,
  argent_poche: {
    montant_hebdomadaire: 10,
    mouvements: [
      { date: '2026-02-07', sens: 'versement', montant: 10, motif: 'Argent de poche de la semaine' },
      { date: '2026-02-10', sens: 'retrait', montant: 4.5, motif: 'Cinéma' },
    ],
  },
  signature_professionnel: { nom: 'Fatima Haddad', fonction: 'Maîtresse de maison', date_signature: '2026-02-02' },
  signature_enfant: { statut: 'signee', date_signature: '2026-02-02' },
  signature_tap: { nom: 'Sandrine Morel', date_signature: '2026-02-02' },
};

const ficheNavette: FicheNavetteAnswers = {
  nature: 'protocole_actions',
  objet: 'protocole_actions',
  urgence: 'normale',
  date_emission: '2026-05-25',
  emetteur: { nom: 'Yanis Benali', fonction: 'Éducateur référent' },
  destinataire: { nom: 'Claire Rivière', service: 'ASE – Maison départementale des solidarités de Dole', adresse_mssante: 'claire.riviere@ase-jura.mssante.fr' },
  expose: 'Après la fugue du 6 juin et l’IP concernant Lucas, nous proposons un protocole commun pour sécuriser les week-ends d’Inès au domicile.',
  demande_precise: 'Valider le protocole et désigner un interlocuteur ASE joignable le week-end.',
  actions: [
    { action: 'Appel de l’éducateur à la mère le samedi à 18 h', responsable: 'MECS – équipe éducative', echeance: '2026-07-31', statut: 'en_cours' },
    { action: 'Point mensuel ASE-MECS', responsable: 'ASE – référente', echeance: '2026-09-30', statut: 'prevue' },
  ],
  reponse: { decision: 'accord', commentaire: 'Protocole validé ; astreinte ASE joignable au 03 84 00 00 99.', auteur: 'Claire Rivière', date_reponse: '2026-06-02' },
  statut: 'repondue',
};

const bilanSante: BilanSanteAnswers = {
  date_entree_dispositif: '2026-02-02',
  date_realisation: '2026-02-20',
  realise_par: { nom: 'Dr Paul Girard', qualite: 'medecin_traitant', rpps: '10003456789' },
  lieu: 'Cabinet médical de Dole',
  croissance: { poids_kg: 38.5, taille_cm: 149, courbes_normales: true },
  developpement: { observations: 'Développement moteur et cognitif conformes à l’âge ; troubles du langage écrit déjà suivis.', signes_alerte: ['langage'] },
  sante_psychique: { observations: 'Anxiété de séparation en fin de week-end ; sommeil correct.', orientation_sante_mentale: false },
  sensoriel: { vision: 'Baisse d’acuité à confirmer : consultation ophtalmologique.', audition: 'Normale.' },
  bucco_dentaire: 'Deux caries à soigner.',
  vaccinations: { a_jour: false, rattrapage_prevu: 'Rappel DTCaP en mars 2026.' },
  reperage_violences: 'Pas de signe de violence physique ; exposition passée à des conflits parentaux.',
  besoins_prevention_soins: [
    { besoin: 'Consultation ophtalmologique', priorite: 'haute' },
    { besoin: 'Soins dentaires', priorite: 'moyenne' },
  ],
  plan_suivi: [
    { specialite: 'Ophtalmologie', objet: 'Bilan visuel', date_prevue: '2026-03-12' },
    { specialite: 'Chirurgien-dentiste', objet: 'Soins des caries', date_prevue: '2026-03-25' },
  ],
  transmission_ppe_date: '2026-03-01',
};

const interventionActivite: InterventionActiviteAnswers = {
  date_heure_debut: '2026-03-18T14:00:00+01:00',
  duree_minutes: 120,
  type_intervention: 'activite_sportive',
  intitule: 'Entraînement de basket au club de Dole',
  lieu: 'Gymnase Jean-Moulin, Dole',
  intervenants: [
    { nom: 'Théo Garnier', qualite: 'Entraîneur du club', externe: true },
    { nom: 'Yanis Benali', qualite: 'Éducateur référent', externe: false },
  ],
  objectif: 'Activité sportive régulière, relations avec les pairs.',
  lien_objectif_ppe: 'O1',
  participation: 'present',
  deroulement: 'Inès s’est bien intégrée au groupe ; elle a demandé à participer au tournoi d’avril.',
  suites: 'Demander l’autorisation de la mère pour le tournoi.',
};

const agendaEvenement: AgendaEvenementAnswers = {
  titre: 'Audience devant le juge des enfants',
  type_evenement: 'audience',
  date_evenement: '2026-12-18',
  heure_debut: '10:30',
  heure_fin: '11:30',
  lieu: 'Tribunal judiciaire de Dole, cabinet du juge des enfants',
  participants: [
    { nom: 'Inès Morel', qualite: 'usager', presence: 'present' },
    { nom: 'Sandrine Morel', qualite: 'tap', presence: 'present' },
    { nom: 'Yanis Benali', qualite: 'professionnel', compte_id: '5b7e1c2a-3d4f-4a6b-8c9d-0e1f2a3b4c5d', presence: 'present' },
    { nom: 'Claire Rivière', qualite: 'referent_ase', presence: 'absent_excuse' },
  ],
  usager_informe: true,
  statut: 'realise',
  presence_usager: 'present',
  compte_rendu: 'Le juge ordonne la mainlevée du placement au 8 janvier et une AEMO de six mois.',
};

type G2Items = G2EvaluationGlobaleAnswers['items'];
const appreciation = (niveau: G2Items['sante_physique']['niveau'], observations?: string) => ({ niveau, ...(observations ? { observations } : {}) });
const danger = (niveau: G2Items['violences_physiques']['niveau'], observations?: string) => ({ niveau, ...(observations ? { observations } : {}) });

const g1: G1BesoinsFondamentauxAnswers = {
  date_evaluation: '2026-03-16',
  evaluateurs: ['Yanis Benali', 'Élodie Marchand'],
  items: {
    physiologique_sante: { niveau: '3' },
    protection: { niveau: '2' },
    securite_affective_relationnelle: { niveau: '1', observations: 'Angoisse de séparation marquée le dimanche soir.' },
    experiences_exploration: { niveau: '3' },
    cadre_regles_limites: { niveau: '2' },
    estime_valorisation_soi: { niveau: '2' },
    identite: { niveau: 'NE' },
  },
  synthese: 'Adaptation en cours ; sécurité affective à travailler avec la famille.',
};

const g2: G2EvaluationGlobaleAnswers = {
  date_evaluation: '2026-05-20',
  contexte: 'bilan_rapport_situation',
  evaluateurs: [
    { nom: 'Yanis Benali', qualite: 'socio_educatif' },
    { nom: 'Élodie Marchand', qualite: 'psychologie' },
  ],
  items: {
    sante_physique: appreciation('P'),
    sante_psychique_signes_souffrance: appreciation('R', 'Angoisse de séparation.'),
    developpement: appreciation('N'),
    scolarite_apprentissages: appreciation('R'),
    comportement_relations: appreciation('N'),
    besoins_fondamentaux: appreciation('N'),
    handicap_tnd: appreciation('N'),
    competences_personnelles_sociales: appreciation('P'),
    soins_de_base: appreciation('N'),
    protection_surveillance: appreciation('R'),
    disponibilite_affective: appreciation('P'),
    cadre_educatif: appreciation('R'),
    stimulation: appreciation('N'),
    reconnaissance_difficultes: appreciation('R'),
    capacite_mobilisation: appreciation('P'),
    adhesion_aide: appreciation('P'),
    conditions_vie_logement: appreciation('N'),
    ressources_materielles: appreciation('R'),
    reseau_familial_social: appreciation('P'),
    aides_mobilisables: appreciation('P'),
    aptitude_a_saisir_aides: appreciation('N'),
    autres_mineurs_domicile: appreciation('NE', 'Situation du frère en cours d’évaluation par la CRIP.'),
    violences_physiques: danger('non'),
    violences_psychologiques: danger('non'),
    violences_sexuelles: danger('non'),
    negligences: { niveau: 'suspecte', observations: 'Frère seul le soir.', auteur_presume_lien: 'parent', recurrence: 'repete' },
    exposition_violences_conjugales: danger('non'),
    autre_danger: danger('non'),
  },
  avis: {
    avis_mineur: 'Inès veut rentrer chez sa mère mais « pas tout de suite ».',
    avis_tap: [{ titulaire: 'Sandrine Morel', besoins_difficultes: 'Horaires de travail tardifs', propositions: 'Solliciter la grand-mère pour la garde de Lucas' }],
  },
  conclusion: {
    qualification: 'risque_de_danger',
    proposition: 'actions_adaptees',
    argumentaire: 'Progrès de la relation mère-fille ; vigilance sur la situation du frère.',
    divergences: 'Aucune.',
  },
};

const g3: G3AutonomieAnswers = {
  date_evaluation: '2026-09-01',
  evaluateurs: ['Yanis Benali'],
  date_naissance: '2009-11-20',
  date_fin_prise_en_charge: '2027-11-19',
  jeune_associe: true,
  items: {
    educatif_scolarite_formation: { niveau: 'en_cours', objectifs: 'Obtenir le CAP cuisine', partenaire: 'Lycée professionnel', echeance: '2027-06-30' },
    social_vie_quotidienne: { niveau: 'acquis' },
    sante: { niveau: 'en_cours', actions: 'Prendre seul ses rendez-vous médicaux' },
    logement: { niveau: 'a_travailler', partenaire: 'Foyer de jeunes travailleurs' },
    emploi: { niveau: 'a_travailler', partenaire: 'Mission locale' },
    ressources_budget: { niveau: 'en_cours' },
    droits_demarches_administratives: { niveau: 'en_cours', actions: 'Demande de carte Vitale personnelle' },
    reseau_relationnel: { niveau: 'acquis' },
  },
  synthese: 'Projet de CAP et de FJT ; priorité au logement et à l’emploi.',
};

/** The example answers, by artefact key. */
export const packExamples: Record<string, object> = {
  'demande-admission': demandeAdmission,
  'liste-attente': listeAttente,
  'prise-de-contact': priseDeContact,
  transmission,
  presence,
  ppe,
  'projet-personnalise': projetPersonnalise,
  'contrat-sejour': contratSejour,
  'accueil-provisoire': accueilProvisoire,
  'liberte-aller-venir': liberteAllerVenir,
  'prestations-sociales': prestationsSociales,
  'transmission-ciblee': transmissionCiblee,
  'acte-soin': acteSoin,
  'observation-medicale': observationMedicale,
  prescription,
  'fiche-sanitaire': ficheSanitaire,
  'contacts-urgence': contactsUrgence,
  'autorisation-soins': autorisationSoins,
  'bilan-psychologique': bilanPsychologique,
  'notes-psychologue': notesPsychologue,
  'annuaire-entourage': annuaireEntourage,
  'recueil-ip': recueilIp,
  incident,
  sortie,
  'rapport-situation': rapportSituation,
  'contrat-jeune-majeur': contratJeuneMajeur,
  'rapport-evaluation-sociale': rapportEvaluationSociale,
  'inventaire-effets': inventaireEffets,
  'fiche-navette': ficheNavette,
  'bilan-sante': bilanSante,
  'intervention-activite': interventionActivite,
  'agenda-evenement': agendaEvenement,
  'decision-admission': decisionAdmission,
  'remise-contrat-sejour': remiseContratSejour,
  'g1-besoins-fondamentaux': g1,
  'g2-evaluation-globale': g2,
  'g3-autonomie': g3,
  ...protectionExamples,
};
