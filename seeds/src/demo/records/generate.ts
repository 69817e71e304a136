import { addDays, daysBetween } from '../calendar';
import type { DemoData } from '../model';
import { FOYER, MECS } from '../organisation';
import { SeededRandom } from '../random';
import { admissionRequest, firstContact, waitingListEntry } from './admission';
import { psychologistRecords, runawayIncident, targetedTransmission, transmissions, weekPresences } from './daily';
import type { DemoRecord } from './model';
import { Directory, childFacts } from './people';
import { exitRecord, freedomMeasures, g1Grid, healthSheet, personalProject, ppe, stayContract, youngAdultContract } from './stay';

/** How many children of the MECS get a runaway incident. */
const INCIDENTS = 2;

/**
 * The final submissions of the demo dossiers, for every stage of the path: the application (and
 * the waiting list, the planned first contact), then for admitted children the first contact, the
 * contract, the health sheet, one or two G1 grids, the PPE and the projet personnalisé, the
 * freedom-to-come-and-go register, the transmissions of the last days and the presences of the
 * week, a psychologist's report and notes for some, an incident for a few; the exit of discharged
 * children. Deterministic for the demo data it is given (its own random stream: the children stay
 * the same), oldest first. Pure: no I/O.
 */
export function generateDemoRecords(data: DemoData): DemoRecord[] {
  const rng = new SeededRandom(data.seed ^ 0x5eed);
  const directory = new Directory(data);
  const records: DemoRecord[] = [];
  let incidents = 0;
  for (const child of data.children) {
    const f = childFacts(data, child, rng, directory);
    records.push(admissionRequest(f, rng));
    if (child.status === 'applicant') continue;
    if (child.status === 'waiting') {
      records.push(waitingListEntry(f, rng));
      if (rng.chance(0.5)) records.push(firstContact(f, rng, true));
      continue;
    }
    const here = child.placements.filter((p) => p.establishmentKey === child.establishmentKey);
    const first = here[0]!;
    records.push(firstContact(f, rng, false));
    for (const placement of here) records.push(placement.legalBasis === 'jeune_majeur' ? youngAdultContract(f, placement) : stayContract(f, rng, placement));
    const ppeRecord = ppe(f, rng, first);
    const g1First = f.clamp(addDays(first.startDate, rng.int(14, 30)));
    records.push(g1Grid(f, rng, g1First, 0), ppeRecord);
    if (child.status === 'discharged') {
      records.push(exitRecord(f, rng, here[here.length - 1]!));
      continue;
    }
    records.push(healthSheet(f, rng), personalProject(f, rng, String(ppeRecord.data.date_etablissement)));
    const stayDays = daysBetween(first.startDate, data.today);
    if (stayDays > 150) records.push(g1Grid(f, rng, addDays(data.today, -rng.int(3, 20)), 1));
    const collective = child.establishmentKey === MECS || child.establishmentKey === FOYER;
    if (collective && f.ageOn(data.today) >= 8) records.push(freedomMeasures(f, rng, first));
    records.push(...transmissions(f, rng), ...weekPresences(f, rng));
    if (f.infirmier && rng.chance(0.3)) records.push(targetedTransmission(f, rng));
    if (f.psychologue && rng.chance(0.25)) records.push(...psychologistRecords(f, rng));
    if (child.establishmentKey === MECS && incidents < INCIDENTS && f.ageOn(data.today) >= 12 && stayDays > 30) {
      records.push(runawayIncident(f, rng));
      incidents += 1;
    }
  }
  return records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
