import { packCapture } from '../../pack-capture';
import { generateDemoData } from '../generate';
import { generateDemoRecords } from '../records/generate';
import { resolveDemoRefs } from '../records/model';
import { generateDemoProcesses } from './generate';

const TODAY = '2026-05-14';
const capture = packCapture();
const ids = new Map(['mecs-tilleuls', 'foyer-phare', 'spf-hirondelles'].map((k, i) => [k, `00000000-0000-4000-8000-00000000000${i}`]));
const formOf: Record<string, string> = {
  decision: 'decision-admission', prise_de_contact: 'prise-de-contact', accueil: 'agenda-evenement', contacts_urgence: 'contacts-urgence', autorisations: 'autorisation-soins',
  inventaire: 'inventaire-effets', fiche_sanitaire: 'fiche-sanitaire', observation_initiale: 'g1-besoins-fondamentaux', contribution_ppe: 'ppe', remise_contrat: 'remise-contrat-sejour',
  redaction: 'rapport-situation', evaluation_autonomie: 'g3-autonomie', acter_sortie: 'sortie', note_incident: 'incident',
};

describe('demo processes', () => {
  const plan = (today: string, seed?: number) => {
    const data = generateDemoData({ today, ...(seed === undefined ? {} : { seed }) });
    const records = generateDemoRecords(data);
    return { data, all: records, ...generateDemoProcesses(data, records) };
  };

  it('is deterministic, and stores each record once: in bulk, or by the step that stands for it', () => {
    const a = plan(TODAY);
    expect(plan(TODAY).processes).toEqual(a.processes);
    const byStep = a.processes.flatMap((p) => p.steps).filter((s) => s.kind === 'complete');
    const stored = new Set(a.records);
    const consumed = a.all.filter((r) => !stored.has(r));
    expect(consumed.length).toBeGreaterThan(0);
    expect(stored.size + consumed.length).toBe(a.all.length);
    for (const r of consumed) expect(byStep.filter((s) => s.kind === 'complete' && s.data === r.data)).toHaveLength(1);
  });

  it('puts children at every stage of the path', () => {
    const { processes, data } = plan(TODAY);
    const count = (workflow: string) => processes.filter((p) => p.workflow === workflow).length;
    const applicants = data.children.filter((c) => c.status === 'applicant').length;
    expect(processes.filter((p) => p.workflow === 'admission' && p.steps.length === 0)).toHaveLength(applicants);
    for (const workflow of ['admission', 'rapport-situation-cycle', 'autonomie', 'incident-grave', 'echeance-mesure']) expect({ workflow, n: count(workflow) > 0 }).toEqual({ workflow, n: true });
    expect(processes.length).toBeLessThan(80);
  });

  it('answers every task with what the server accepts, never after the day, for several days and seeds', () => {
    for (const [today, seed] of [[TODAY, undefined], ['2027-02-28', 7], ['2028-02-29', 99], ['2026-12-31', 2026]] as const) {
      const { processes } = plan(today, seed);
      const problems = processes.flatMap((p) =>
        p.steps.flatMap((s) => {
          if (s.kind !== 'complete') return [];
          const form = formOf[s.elementId];
          if (!form) return [`${p.workflow}/${s.elementId}: no form known`];
          const errors = capture(form, resolveDemoRefs(s.data, ids)).errors;
          const late = s.at.slice(0, 10) > today || s.at < p.at ? ['dated after the day or before the start'] : [];
          return [...errors, ...late].map((e) => `${p.childKey} ${p.workflow}/${s.elementId}: ${JSON.stringify(e)}`);
        }),
      );
      expect({ today, problems: problems.slice(0, 5) }).toEqual({ today, problems: [] });
      expect(processes.filter((p) => p.at.slice(0, 10) > today)).toEqual([]);
    }
  });
});
