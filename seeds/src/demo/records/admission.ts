import type { DemandeAdmissionAnswers } from '../../../generated/forms/demande-admission';
import type { ListeAttenteAnswers } from '../../../generated/forms/liste-attente';
import type { PriseDeContactAnswers } from '../../../generated/forms/prise-de-contact';
import { addDays } from '../calendar';
import { MECS, SPF } from '../organisation';
import type { SeededRandom } from '../random';
import { type DemoRecord, establishmentRef } from './model';
import { type ChildFacts, at } from './people';

const reasons = [
  'Placement ordonné par le juge des enfants après des violences conjugales au domicile.',
  'Carences éducatives répétées signalées par l’école ; mère isolée en grande difficulté.',
  'Rupture familiale à l’adolescence ; fugues répétées du domicile.',
  'Hospitalisation prolongée du parent seul titulaire de l’autorité parentale.',
  'Fin d’accueil chez un tiers digne de confiance ; besoin d’un cadre stable.',
  'Mineur non accompagné confié par le conseil départemental.',
] as const;

const basisOf = (f: ChildFacts): DemandeAdmissionAnswers['fondement_juridique'] => f.stay?.legalBasis ?? (f.ageOn(f.today) >= 18 ? 'jeune_majeur' : 'assistance_educative');

/** The application received for the child: every dossier starts with one. */
export function admissionRequest(f: ChildFacts, rng: SeededRandom): DemoRecord {
  const received = f.child.openedOn;
  const basis = basisOf(f);
  const place: DemandeAdmissionAnswers['type_place_souhaitee'] = f.child.establishmentKey === SPF ? 'placement_familial' : f.child.establishmentKey === MECS ? (f.ageOn(received) >= 18 ? 'semi_autonomie' : 'internat_complet') : 'accueil_urgence';
  const data: DemandeAdmissionAnswers = {
    date_reception: received,
    origine: basis === 'penal_mineurs' ? 'pjj' : basis === 'assistance_educative' && rng.chance(0.3) ? 'je' : 'ase',
    canal_reception: rng.pick(['mssante', 'courrier', 'plateforme_cd'] as const),
    demandeur: { nom: 'Service de l’aide sociale à l’enfance', service: 'Maison de la métropole pour les solidarités', fonction: 'Référent ASE' },
    etablissements_demandes: [establishmentRef(f.child.establishmentKey)],
    enfant: { nom: f.surname.toUpperCase(), prenoms: f.child.identity.firstNames, date_naissance: f.child.identity.birthDate, sexe: f.child.identity.sex === 'F' ? 'F' : 'M', lieu_vie_actuel: rng.pick(['Domicile de la mère', 'Domicile des parents', 'Chez un tiers', 'Hébergement d’urgence']) },
    fondement_juridique: basis,
    ...(f.stay ? { reference_decision: f.stay.decisionReference } : {}),
    urgence: f.child.establishmentKey !== MECS && f.child.establishmentKey !== SPF,
    type_place_souhaitee: place,
    date_souhaitee: f.stayStart ?? addDays(received, rng.int(15, 60)),
    motif_demande: rng.pick(reasons),
    pieces_recues: ['decision_fondant_accueil', 'identite_enfant', ...(rng.chance(0.6) ? (['carnet_sante'] as const) : [])],
  };
  return { childKey: f.child.key, kind: 'form', form: 'demande-admission', authorLogin: f.secretariat.login, at: at(received, '09:30'), data: { ...data } };
}

/** The waiting-list entry of a child who waits for a place. */
export function waitingListEntry(f: ChildFacts, rng: SeededRandom): DemoRecord {
  const day = f.clamp(addDays(f.child.openedOn, rng.int(1, 5)));
  const data: ListeAttenteAnswers = {
    etablissement_id: establishmentRef(f.child.establishmentKey),
    date_inscription: day,
    statut: rng.chance(0.5) ? 'en_attente_place' : 'avis_favorable',
    priorite: rng.int(1, 3),
    avis_technique: 'Profil compatible avec le projet de l’établissement ; admission à la prochaine place disponible.',
    date_commission: day,
    date_information_demandeur: day,
  };
  return { childKey: f.child.key, kind: 'form', form: 'liste-attente', authorLogin: f.chef.login, at: at(day, '14:00'), data: { ...data } };
}

/** The first contact: done before an admission, planned for a child on the waiting list. */
export function firstContact(f: ChildFacts, rng: SeededRandom, planned: boolean): DemoRecord {
  const day = planned ? addDays(f.today, rng.int(2, 20)) : f.clamp(addDays(f.stayStart!, -rng.int(1, 5)), f.child.openedOn);
  const participants: NonNullable<PriseDeContactAnswers['participants']> = [
    { nom: f.fullName, qualite: 'enfant', ...(planned ? {} : { present: true }) },
    { nom: f.mother, qualite: 'tap', ...(planned ? {} : { present: rng.chance(0.8) }) },
    { nom: f.referent.name, qualite: 'educateur_referent', ...(planned ? {} : { present: true }) },
  ];
  const data: PriseDeContactAnswers = {
    date_heure_prevue: at(day, '14:00'),
    duree_prevue_minutes: 90,
    lieu: f.establishmentName,
    modalite: f.ageOn(day) < 3 ? 'entretien_etablissement' : 'visite_pre_admission',
    objet: 'Présenter l’établissement et l’équipe ; recueillir les attentes de l’enfant et de sa famille.',
    participants,
    enfant_informe: true,
    tap_invites: true,
    statut: planned ? 'planifiee' : 'realisee',
    ...(planned
      ? {}
      : { date_heure_realisation: at(day, '14:05'), compte_rendu: `${f.firstName} a visité les lieux et rencontré l’équipe ; questions sur l’école et les visites.`, suites: 'Admission confirmée.' }),
  };
  const written = planned ? f.clamp(addDays(f.child.openedOn, 3)) : day;
  return { childKey: f.child.key, kind: 'form', form: 'prise-de-contact', authorLogin: f.chef.login, at: at(written, '10:00'), data: { ...data } };
}
