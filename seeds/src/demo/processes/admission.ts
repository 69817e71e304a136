import { packExamples } from '../../pack-examples';
import { addDays, daysBetween } from '../calendar';
import type { DemoChild } from '../model';
import { MECS } from '../organisation';
import type { ChildFacts } from '../records/people';
import { at } from '../records/people';
import { adapted, exampleNames } from './adapt';
import type { PlanContext } from './context';
import type { DemoProcess, DemoProcessStep } from './model';

/** A stay that began this many days ago at most is an admission still under way. */
export const NEWCOMER_DAYS = 14;

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The admission workflow (W1) of the children the establishments are deciding about or taking
 * in: every application waits for the decision (one, in the MECS, for longer than the 5 days
 * allowed), the waiting lists wait for a place (re-examined monthly, see the pack's W1), a child of
 * each of them, with a planned first contact, waits for the day of arrival,
 * and the children who arrived in the last days go through their first days' formalities (in the
 * MECS, the authorisations and the inventory are late), the contract waiting to be handed over or signed.
 */
export function admissionProcesses(ctx: PlanContext): DemoProcess[] {
  const processes: DemoProcess[] = [];
  let overdue = false;
  let applicants = 0;
  const arriving = new Set<string>();
  for (const child of ctx.data.children) {
    const f = ctx.facts(child);
    if (child.status === 'applicant') {
      // the first MECS application old enough waits for its decision since 8 days; the others since 1 to 3 days
      const late: boolean = !overdue && child.establishmentKey === MECS && daysBetween(child.openedOn, ctx.today) >= 8;
      overdue ||= late;
      const day = late ? addDays(ctx.today, -8) : later(child.openedOn, addDays(ctx.today, -1 - (applicants++ % 3)));
      processes.push(start(f, day, []));
    } else if (child.status === 'waiting') {
      // one child of each waiting list has a place: the first contact is planned, the arrival a week later; the others wait for one
      const contact = arriving.has(child.establishmentKey) ? undefined : ctx.record(child.key, 'prise-de-contact', (r) => r.data.statut === 'planifiee');
      if (contact) {
        arriving.add(child.establishmentKey);
        const arrival = addDays(String(contact.data.date_heure_prevue).slice(0, 10), 7);
        const steps: DemoProcessStep[] = [decision(f, child.openedOn, arrival), { kind: 'jobs' }, fromRecord(ctx.take(contact), 'prise_de_contact'), { kind: 'claim', elementId: 'accueil', by: f.secretariat.login }];
        processes.push(start(f, child.openedOn, steps));
      } else {
        const entry = ctx.record(child.key, 'liste-attente');
        const day = entry ? String(entry.data.date_inscription) : child.openedOn;
        const data = { decision: 'liste_attente', date_decision: day, motif: 'Profil compatible avec le projet de l’établissement ; pas de place disponible à ce jour.' };
        processes.push(start(f, child.openedOn, [{ kind: 'complete', elementId: 'decision', by: f.chef.login, at: at(day, '14:00'), data }]));
      }
    } else if (child.status === 'admitted' && isNewcomer(child, ctx.today)) {
      processes.push(newcomer(ctx, f));
    }
  }
  return processes;
}

export const isNewcomer = (child: DemoChild, today: string): boolean => child.status === 'admitted' && daysBetween(child.placements[child.placements.length - 1]!.startDate, today) <= NEWCOMER_DAYS;

const start = (f: ChildFacts, day: string, steps: DemoProcessStep[]): DemoProcess => ({ childKey: f.child.key, workflow: 'admission', startedBy: f.secretariat.login, at: at(day, '09:40'), steps });

const decision = (f: ChildFacts, day: string, arrival: string): DemoProcessStep => ({
  kind: 'complete',
  elementId: 'decision',
  by: f.chef.login,
  at: at(day, '09:55'),
  data: { decision: 'acceptee', date_decision: day, motif: `Projet de l’établissement adapté aux besoins de ${f.firstName} ; place disponible.`, date_accueil_prevue: arrival },
});

const fromRecord = (record: { authorLogin: string; at: string; data: Record<string, unknown> }, elementId: string, by = record.authorLogin): DemoProcessStep => ({ kind: 'complete', elementId, by, at: record.at, data: record.data });

/** A child who arrived in the last days: the day's formalities are done, the contract is to hand over or sign, the health check-up ahead. */
function newcomer(ctx: PlanContext, f: ChildFacts): DemoProcess {
  const { child } = f;
  const arrived = f.stayStart!;
  const names = exampleNames(f, ctx.parentOf(f));
  const example = (key: string, anchor: string, day: string) => adapted(packExamples[key] as Record<string, unknown>, daysBetween(anchor, day), names);
  const steps: DemoProcessStep[] = [decision(f, child.openedOn, arrived), { kind: 'jobs' }];
  const contact = ctx.record(child.key, 'prise-de-contact');
  if (contact) steps.push(fromRecord(ctx.take(contact), 'prise_de_contact'));
  steps.push({ kind: 'complete', elementId: 'accueil', by: f.referent.login, at: at(arrived, '11:00'), data: welcome(f, ctx.parentOf(f), arrived) });
  steps.push({ kind: 'complete', elementId: 'contacts_urgence', by: f.secretariat.login, at: at(arrived, '16:00'), data: example('contacts-urgence', '2026-02-03', arrived) });
  // in the MECS, the parents' authorisations and the inventory of the newcomer's belongings are still to be done: late since the day of arrival
  if (child.establishmentKey !== MECS) {
    steps.push({ kind: 'complete', elementId: 'autorisations', by: f.secretariat.login, at: at(arrived, '16:30'), data: example('autorisation-soins', '2026-05-22', arrived) });
    const inventory = example('inventaire-effets', '2026-02-02', arrived);
    const pocket = inventory.argent_poche as { mouvements: Array<{ date: string }> };
    pocket.mouvements = pocket.mouvements.filter((m) => m.date < ctx.today);
    steps.push({ kind: 'complete', elementId: 'inventaire', by: f.referent.login, at: at(arrived, '18:00'), data: inventory });
  }
  const health = ctx.record(child.key, 'fiche-sanitaire');
  if (health && health.authorLogin === f.infirmier?.login) steps.push(fromRecord(ctx.take(health), 'fiche_sanitaire'));
  const g1 = ctx.record(child.key, 'g1-besoins-fondamentaux');
  const ppe = ctx.record(child.key, 'ppe');
  if (g1) steps.push(fromRecord(ctx.take(g1), 'observation_initiale'));
  if (g1 && ppe) steps.push(fromRecord(ctx.take(ppe), 'contribution_ppe', f.chef.login));
  const contract = ctx.record(child.key, 'contrat-sejour');
  const handed = contract ? String(contract.data.date_remise) : null;
  if (handed && handed < ctx.today) {
    const data = { document: 'contrat_sejour', date_remise: handed, remis_a: ['enfant', 'tap'], avis_mineur: String(contract!.data.avis_mineur) };
    steps.push({ kind: 'complete', elementId: 'remise_contrat', by: f.chef.login, at: at(handed, '11:00'), data }, { kind: 'claim', elementId: 'signature_contrat', by: f.directeur.login });
  }
  return start(f, child.openedOn, steps);
}

/** The day of arrival, as the agenda keeps it. */
function welcome(f: ChildFacts, parent: string, day: string): Record<string, unknown> {
  return {
    titre: `Accueil de ${f.firstName}`,
    type_evenement: 'autre',
    date_evenement: day,
    heure_debut: '10:00',
    heure_fin: '11:00',
    lieu: f.establishmentName,
    participants: [
      { nom: f.fullName, qualite: 'usager', presence: 'present' },
      { nom: parent, qualite: 'tap', presence: 'present' },
      { nom: f.referent.name, qualite: 'professionnel', presence: 'present' },
    ],
    usager_informe: true,
    statut: 'realise',
    presence_usager: 'present',
    compte_rendu: `${f.firstName} est arrivé(e) avec ses affaires ; visite de la chambre et présentation du groupe.`,
  };
}
