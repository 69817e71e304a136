import type { BilanPsychologiqueAnswers } from '../../../generated/forms/bilan-psychologique';
import type { IncidentAnswers } from '../../../generated/forms/incident';
import type { NotesPsychologueAnswers } from '../../../generated/forms/notes-psychologue';
import type { PresenceAnswers } from '../../../generated/forms/presence';
import type { TransmissionAnswers } from '../../../generated/forms/transmission';
import type { TransmissionCibleeAnswers } from '../../../generated/forms/transmission-ciblee';
import { addDays } from '../calendar';
import type { SeededRandom } from '../random';
import type { DemoRecord } from './model';
import { type ChildFacts, at, mondayOf } from './people';

const dailyNotes: Array<[TransmissionAnswers['categorie'], (name: string) => string]> = [
  ['vie_quotidienne', (n) => `Soirée calme. ${n} a aidé à mettre la table et a appelé sa mère à 19 h.`],
  ['scolarite', (n) => `${n} a rapporté une bonne note en mathématiques ; devoirs faits sans aide.`],
  ['comportement', (n) => `${n} s’est énervé(e) au moment du coucher ; apaisé(e) après un temps d’échange.`],
  ['relations_famille', (n) => `Appel de la mère à 18 h 30 ; ${n} était content(e) de lui parler de son week-end.`],
  ['activite', (n) => `${n} a participé à l’atelier cuisine ; très investi(e).`],
  ['nuit', (n) => `Nuit calme ; ${n} s’est levé(e) une fois vers 2 h, rendormi(e) rapidement.`],
];

/** A few transmissions of the team over the last days (before today: the day is not over). */
export function transmissions(f: ChildFacts, rng: SeededRandom): DemoRecord[] {
  const count = rng.int(2, 4);
  const records: DemoRecord[] = [];
  for (let i = 0; i < count; i++) {
    const day = f.clamp(addDays(f.today, -rng.int(1, 5)), f.stayStart!);
    const [categorie, text] = rng.pick(dailyNotes);
    const night = categorie === 'nuit';
    const author = night && f.veilleur ? f.veilleur : f.referent;
    const time = night ? '06:45' : `${rng.int(17, 21)}:${rng.pick(['00', '15', '30', '45'])}`;
    const data: TransmissionAnswers = {
      date_heure: at(day, time),
      categorie,
      texte: text(f.firstName),
      visibilite: 'equipe_unite',
      a_lire_par: night ? ['educateur_specialise', 'moniteur_educateur'] : ['veilleur_nuit'],
      prioritaire: categorie === 'comportement',
    };
    records.push({ childKey: f.child.key, kind: 'form', form: 'transmission', authorLogin: author.login, at: at(day, time), data: { ...data } });
  }
  return records;
}

/** A targeted care transmission (DAR) of the nurse. */
export function targetedTransmission(f: ChildFacts, rng: SeededRandom): DemoRecord {
  const day = f.clamp(addDays(f.today, -rng.int(1, 4)), f.stayStart!);
  const data: TransmissionCibleeAnswers = {
    date_heure: at(day, '08:15'),
    cible: rng.pick(['Douleur abdominale', 'Fièvre', 'Troubles du sommeil']),
    donnees: 'Plainte au réveil ; température 37,2 °C.',
    actions: 'Repos, surveillance, hydratation ; médecin traitant prévenu.',
    resultats: 'Amélioration en fin de matinée.',
    date_heure_evaluation: at(day, '11:00'),
    statut_cible: 'resolue',
  };
  return { childKey: f.child.key, kind: 'form', form: 'transmission-ciblee', authorLogin: (f.infirmier ?? f.referent).login, at: at(day, '08:15'), data: { ...data } };
}

/** One presence record per day of the current week, up to today, from the day of arrival. */
export function weekPresences(f: ChildFacts, rng: SeededRandom): DemoRecord[] {
  const records: DemoRecord[] = [];
  for (let day = mondayOf(f.today); day <= f.today; day = addDays(day, 1)) {
    if (day < f.stayStart!) continue;
    const weekend = new Date(`${day}T00:00:00Z`).getUTCDay() % 6 === 0;
    const data: PresenceAnswers =
      weekend && rng.chance(0.3)
        ? { jour: day, statut: 'absent_dvh_hebergement_famille', heure_depart: '10:00', heure_retour: '18:00', justificatif: 'Droit d’hébergement fixé par la décision.' }
        : { jour: day, statut: 'present' };
    records.push({ childKey: f.child.key, kind: 'form', form: 'presence', authorLogin: (f.veilleur ?? f.referent).login, at: at(day, '22:00'), data: { ...data } });
  }
  return records;
}

/** The psychologist's validated report and a working note (visible to their author only). */
export function psychologistRecords(f: ChildFacts, rng: SeededRandom): DemoRecord[] {
  const psy = f.psychologue!;
  const noteDay = f.clamp(addDays(f.stayStart!, rng.int(20, 50)));
  const reportDay = f.clamp(addDays(noteDay, rng.int(10, 30)));
  const note: NotesPsychologueAnswers = {
    date_note: noteDay,
    objet: 'entretien_individuel',
    note: `${f.firstName} évoque spontanément sa famille ; beaucoup d’émotion en parlant de la séparation.`,
    hypotheses: 'Conflit de loyauté entre la famille et l’établissement.',
    a_reprendre: 'Place du père dans son discours.',
  };
  const report: BilanPsychologiqueAnswers = {
    type_document: 'bilan_psychologique',
    date_document: reportDay,
    auteur: { nom: psy.name, qualite: 'psychologue' },
    motif: 'Bilan d’observation après l’accueil.',
    contenu: `${f.firstName} investit la relation avec les adultes de l’unité ; l’angoisse de séparation reste marquée.`,
    conclusions: 'Adaptation en cours ; besoin de repères stables.',
    preconisations: 'Rituel de retour après les visites ; entretiens familiaux mensuels.',
    elements_pour_le_projet: 'Préparer chaque retour de visite avec l’enfant.',
    valide: true,
    date_validation: reportDay,
  };
  return [
    { childKey: f.child.key, kind: 'form', form: 'notes-psychologue', authorLogin: psy.login, at: at(noteDay, '11:00'), data: { ...note } },
    { childKey: f.child.key, kind: 'form', form: 'bilan-psychologique', authorLogin: psy.login, at: at(reportDay, '16:00'), data: { ...report } },
  ];
}

/** A runaway of a few hours, declared to the authorities. */
export function runawayIncident(f: ChildFacts, rng: SeededRandom): DemoRecord {
  const day = f.clamp(addDays(f.today, -rng.int(2, 20)), f.stayStart!);
  const next = addDays(day, 1);
  const data: IncidentAnswers = {
    date_heure_survenue: at(day, '20:40'),
    date_heure_constat: at(day, '20:45'),
    lieu: f.establishmentName,
    categorie_evenement: 'disparition',
    description_faits: `${f.firstName} n’est pas rentré(e) après la sortie autorisée de l’après-midi ; téléphone éteint.`,
    nombre_victimes: 0,
    nombre_personnes_exposees: 1,
    mesures_immediates: 'Recherches aux abords, appels aux proches, déclaration de fugue au commissariat.',
    dispositions_eviter_reproduction: 'Réévaluation des sorties seules ; entretien au retour.',
    information_personne_proches: 'Mère informée dans la soirée.',
    information: { tap: at(day, '21:05'), ase: at(next, '09:00'), police_gendarmerie: at(day, '21:10') },
    declaration_autorite: { requise: true, autorites: ['conseil_departemental'], mode: 'ecrit', date_heure_transmission: at(next, '09:00') },
    fugue: { declaration_police_le: at(day, '21:10'), retour_le: at(next, '11:30'), etat_au_retour: 'Fatigué(e), sans blessure.' },
    repercussions_mediatiques: false,
    redige_par: f.veilleur?.name ?? f.referent.name,
  };
  return { childKey: f.child.key, kind: 'form', form: 'incident', authorLogin: (f.veilleur ?? f.referent).login, at: at(next, '08:00'), data: { ...data } };
}
