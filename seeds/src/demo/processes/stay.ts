import { packExamples } from '../../pack-examples';
import { addDays, addYears, daysBetween } from '../calendar';
import type { DemoChild } from '../model';
import { MECS } from '../organisation';
import { runawayIncident } from '../records/daily';
import { type ChildFacts, at } from '../records/people';
import { adapted, exampleNames } from './adapt';
import { isNewcomer } from './admission';
import type { PlanContext } from './context';
import type { DemoProcess } from './model';

/** Reports due from this many days ago (late) to this many days ahead are being written; the référent has taken those due within `claimed` days. */
const REPORT_WINDOW = { before: 12, after: 30, claimed: 21 };
/** A measure ending within this many days: the exit is being prepared. */
const EXIT_WINDOW = 90;

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The processes of the children in care: the situation reports due around now (W3: being written,
 * a few late, those just past waiting for the chef's validation), the autonomy path of the 16-17
 * year olds (W7: G3 done, the interview ahead), the alerts before the term of a measure and the exits
 * it brings (W6), and last night's serious incident waiting for its written confirmation (W5).
 */
export function stayProcesses(ctx: PlanContext): DemoProcess[] {
  const processes: DemoProcess[] = [];
  const inCare = ctx.data.children.filter((c) => c.status === 'admitted' && !isNewcomer(c, ctx.today));
  for (const child of inCare) {
    const f = ctx.facts(child);
    const report = reportDue(child, ctx.today);
    if (report) processes.push(situationReport(ctx, f, report));
    const age = f.ageOn(ctx.today);
    if (age === 16 || age === 17) processes.push(autonomy(ctx, f));
    const end = f.stay?.endDate;
    if (end && end > ctx.today) {
      processes.push({ childKey: child.key, workflow: 'echeance-mesure', startedBy: f.chef.login, at: at(f.stay!.startDate, '10:00'), steps: [] });
      if (daysBetween(ctx.today, end) <= EXIT_WINDOW) processes.push(exit(ctx, f, end));
    }
  }
  const runaway = inCare.find((c) => c.establishmentKey === MECS && c.unitKey === 'envol') ?? inCare.find((c) => c.establishmentKey === MECS && c.unitKey === 'horizon');
  if (runaway) processes.push(seriousIncident(ctx, ctx.facts(runaway)));
  return processes;
}

/** The anniversary of the stay (a year at least) that falls in the report window, if any. */
function reportDue(child: DemoChild, today: string): string | null {
  const since = child.placements.find((p) => p.establishmentKey === child.establishmentKey)!.startDate;
  const years = Number(today.slice(0, 4)) - Number(since.slice(0, 4));
  for (const n of [years - 1, years, years + 1]) {
    const due = addYears(since, n);
    if (n >= 1 && daysBetween(today, due) >= -REPORT_WINDOW.before && daysBetween(today, due) <= REPORT_WINDOW.after) return due;
  }
  return null;
}

/** W3 for the report due on `due`: written two days before when that day is past by more than three days, else being written (by the référent, when it is close). */
function situationReport(ctx: PlanContext, f: ChildFacts, due: string): DemoProcess {
  const process: DemoProcess = { childKey: f.child.key, workflow: 'rapport-situation-cycle', startedBy: f.chef.login, at: at(later(f.stayStart!, addDays(due, -30)), '09:00'), variables: { date_prochain_rapport: due }, steps: [] };
  if (daysBetween(due, ctx.today) > 3) {
    const written = addDays(due, -2);
    process.steps.push({ kind: 'complete', elementId: 'redaction', by: f.referent.login, at: at(written, '15:00'), data: reportAnswers(ctx, f, due, written) });
  } else if (daysBetween(ctx.today, due) <= REPORT_WINDOW.claimed) {
    process.steps.push({ kind: 'claim', elementId: 'redaction', by: f.referent.login });
  }
  return process;
}

function reportAnswers(ctx: PlanContext, f: ChildFacts, due: string, written: string): Record<string, unknown> {
  const fn = f.firstName;
  const young = f.ageOn(written) < 3;
  const participants = [{ nom: f.referent.name, qualite: 'Éducateur référent' }, { nom: f.chef.name, qualite: 'Chef de service' }, ...(f.psychologue ? [{ nom: f.psychologue.name, qualite: 'Psychologue' }] : [])];
  return {
    type_rapport: 'annuel',
    periode_couverte: { du: addYears(due, -1), au: written },
    evaluation_pluridisciplinaire: { participants, dates: [addDays(written, -20)], grilles_utilisees: ['g1_besoins_fondamentaux'] },
    domaine_developpement_sante: `${fn} est en bonne santé ; suivi médical à jour.`,
    domaine_relations_famille_tiers: `Les rencontres avec la famille se déroulent régulièrement ; ${fn} en parle volontiers.`,
    domaine_scolarite_vie_sociale: young ? `${fn} est accueilli(e) en crèche trois jours par semaine.` : `Scolarité régulière ; ${fn} participe aux activités du groupe.`,
    elements_principaux_evaluation: `Les besoins fondamentaux de ${fn} sont couverts ; la sécurité affective reste à consolider.`,
    bilan_actions_ppe: [{ action: 'Accompagnement éducatif quotidien', realisee: 'oui', points_evolution: 'Repères du quotidien acquis.' }],
    bilan_objectifs_decision: 'Les objectifs de la décision sont en partie atteints ; la mesure reste nécessaire.',
    conclusion: { prestation: 'maintien', avis_evolution_mesure_ou_statut: `Maintien de l’accueil de ${fn} à ${f.establishmentName}.` },
    saisine_commission_l223_1: { proposee: false },
    faits_marquants: [],
    communication_prealable: { tap_informes: true, mineur_informe: !young, date_communication: addDays(written, -1), modalites: 'Lecture commentée lors d’un entretien à l’établissement' },
    destinataires: ['ase', 'juge_enfants'],
    redige_par: f.referent.name,
  };
}

/** W7 from the 16th birthday (or the arrival, if later): the G3 evaluation done three weeks later, the interview ahead. */
function autonomy(ctx: PlanContext, f: ChildFacts): DemoProcess {
  const begun = later(f.stayStart!, addYears(f.child.identity.birthDate, 16));
  const evaluated = addDays(begun, 20);
  const process: DemoProcess = { childKey: f.child.key, workflow: 'autonomie', startedBy: f.chef.login, at: at(begun, '10:00'), steps: [] };
  if (evaluated < ctx.today) {
    const g3 = adapted(packExamples['g3-autonomie'] as Record<string, unknown>, daysBetween('2026-09-01', evaluated), exampleNames(f, ctx.parentOf(f)));
    const data = { ...g3, date_naissance: f.child.identity.birthDate, date_fin_prise_en_charge: f.stay!.endDate ?? addDays(addYears(f.child.identity.birthDate, 18), -1) };
    process.steps.push({ kind: 'complete', elementId: 'evaluation_autonomie', by: f.referent.login, at: at(evaluated, '15:00'), data }, { kind: 'claim', elementId: 'entretien_autonomie', by: f.referent.login });
  }
  return process;
}

/** W6 for a measure ending on `end`: the exit was set out a few days ago, the end-of-care interview is ahead. */
function exit(ctx: PlanContext, f: ChildFacts, end: string): DemoProcess {
  const names = exampleNames(f, ctx.parentOf(f));
  const data = { ...adapted(packExamples.sortie as Record<string, unknown>, daysBetween('2027-01-08', end), names), motif_fin: 'echeance_mesure_non_renouvelee' } as Record<string, unknown>;
  data.actions = ['restitution_effets', 'transmission_sante', 'archivage'].map((action) => ({ action, statut: 'a_faire', responsable: action === 'archivage' ? 'Secrétariat' : 'Équipe éducative' }));
  delete data.signatures;
  return {
    childKey: f.child.key,
    workflow: 'fin-prise-en-charge',
    startedBy: f.referent.login,
    at: at(addDays(ctx.today, -7), '10:00'),
    steps: [{ kind: 'complete', elementId: 'acter_sortie', by: f.referent.login, at: at(addDays(ctx.today, -2), '16:00'), data }, { kind: 'claim', elementId: 'entretien_sortie', by: f.referent.login }],
  };
}

/** W5: a runaway last night, the note written by the night watch this morning; the written confirmation to the authorities is due within 48 hours. */
function seriousIncident(ctx: PlanContext, f: ChildFacts): DemoProcess {
  const night = addDays(ctx.today, -1);
  // the records' runaway, moved to last night; the authorities were told orally, the written confirmation is the next step
  const note = runawayIncident(f, ctx.rng);
  const data = adapted(note.data, daysBetween(String(note.data.date_heure_survenue).slice(0, 10), night));
  data.declaration_autorite = { ...(data.declaration_autorite as Record<string, unknown>), mode: 'oral' };
  return {
    childKey: f.child.key,
    workflow: 'incident-grave',
    startedBy: f.chef.login,
    at: at(night, '20:50'),
    steps: [{ kind: 'complete', elementId: 'note_incident', by: note.authorLogin, at: at(ctx.today, '12:00'), data }, { kind: 'claim', elementId: 'confirmation_ecrite', by: f.chef.login }],
  };
}
