import { type CareTeamRole, type IdentityDocumentType, type IdentityStatus, type IdentityTraits, type LegalBasis, ageOn, identityDocumentProblem } from '@cordee/core';
import { addDays, addYears, daysBetween } from './calendar';
import { INS_NIR_TEST_OID, fictionalInsMatricule } from './fictional-ins';
import type { DemoCareTeamMember, DemoChild, DemoIdentityCheck, DemoPlacement } from './model';
import { boyFirstNames, foreignBirthPlaces, frenchBirthPlaces, girlFirstNames, middleNames, rhoneBirthPlaces, surnames } from './names';
import { FOYER, MECS, unitForAge } from './organisation';
import type { SeededRandom } from './random';
import { type DemoStaff, unitPath } from './staff';

/** How many children each establishment holds, their ages, and how far back a stay may start. */
export interface ChildPlan {
  establishmentKey: string;
  count: number;
  minAge: number;
  maxAge: number;
  /** Youngest age at which the establishment takes a child in. */
  minStartAge: number;
  maxStayDays: number;
}

/** A child whose situation the demo needs (the portal accounts' dossiers). */
export interface ForcedChild {
  status: DemoChild['status'];
  age: number;
  /** Days since the current stay began (an admitted minor): a newcomer. */
  stayDays?: number;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

export class ChildGenerator {
  /** Next référent per unit, so the éducateurs share the children. */
  private referentTurn = new Map<string, number>();

  constructor(
    private readonly rng: SeededRandom,
    private readonly today: string,
    private readonly staff: DemoStaff,
  ) {}

  child(plan: ChildPlan, index: number, forced?: ForcedChild): DemoChild {
    const { rng, today } = this;
    const status = forced?.status ?? rng.weighted({ admitted: 66, discharged: 14, waiting: 10, applicant: 10 });
    // a discharged child left up to two years ago, after at least a month of stay
    const age = forced?.age ?? rng.int(status === 'discharged' ? Math.max(plan.minAge, plan.minStartAge + 2) : plan.minAge, plan.maxAge);
    const identity = this.identity(age);
    const sector = rng.chance(0.5) ? 0 : 1;
    const placements = status === 'admitted' || status === 'discharged' ? this.placements(plan, status, identity.birthDate, sector, forced?.stayDays) : [];
    const last = placements[placements.length - 1];
    const openedOn = placements[0]
      ? later(identity.birthDate, addDays(placements[0].startDate, -rng.int(0, 20)))
      : later(identity.birthDate, addDays(today, status === 'waiting' ? -rng.int(10, 150) : -rng.int(1, 60)));
    const child: DemoChild = {
      key: `${plan.establishmentKey}-${String(index + 1).padStart(3, '0')}`,
      identity,
      identityCheck: this.identityCheck(status, identity, openedOn),
      status,
      establishmentKey: plan.establishmentKey,
      unitKey: last?.unitKey ?? null,
      openedOn,
      placements,
      careTeam: [],
    };
    child.careTeam = this.careTeam(child);
    return child;
  }

  private identity(age: number): IdentityTraits {
    const { rng, today } = this;
    const sex = rng.chance(0.5) ? 'F' : 'M';
    const names: string[] = [rng.pick(sex === 'F' ? girlFirstNames : boyFirstNames)];
    if (rng.chance(0.55)) names.push(rng.pick(middleNames[sex]));
    if (names.length === 2 && rng.chance(0.3)) names.push(rng.pick(middleNames[sex].filter((n) => n !== names[1])));
    const birthName = rng.pick(surnames);
    const usedName = rng.chance(0.06) ? `${birthName}-${rng.pick(surnames.filter((s) => s !== birthName))}` : null;
    // the last birth date giving that age today (not 1 March for a 29 February today)
    let latest = addYears(today, -age);
    if (ageOn(latest, today) !== age) latest = addDays(latest, -1);
    const birthDate = addDays(latest, -rng.int(age === 0 ? 30 : 0, 364));
    const abroad = rng.chance(age >= 14 ? 0.25 : 0.06);
    const birthPlaceCode = abroad ? rng.pick(foreignBirthPlaces) : rng.chance(0.75) ? rng.pick(rhoneBirthPlaces) : rng.pick(frenchBirthPlaces);
    return {
      birthName,
      usedName,
      firstNames: names.join(' '),
      usedFirstName: names.length > 1 && rng.chance(0.08) ? names[1]! : null,
      birthDate,
      birthPlaceCode,
      sex,
    };
  }

  /** The stays of an admitted or discharged child, oldest first, never overlapping, all after birth. */
  private placements(plan: ChildPlan, status: 'admitted' | 'discharged', birthDate: string, sector: 0 | 1, stayDays?: number): DemoPlacement[] {
    const { rng, today } = this;
    const est = plan.establishmentKey;
    const earliestStart = later(addDays(birthDate, 2), addYears(birthDate, plan.minStartAge));
    const place = (establishmentKey: string, startDate: string, endDate: string | null, legalBasis: LegalBasis): DemoPlacement => ({
      establishmentKey,
      unitKey: unitForAge(establishmentKey, ageOn(birthDate, startDate), sector),
      startDate,
      endDate,
      legalBasis,
      decisionReference: this.decisionReference(legalBasis, startDate),
    });

    if (status === 'discharged') {
      const endDate = addDays(today, -rng.int(15, 700));
      let startDate = later(earliestStart, addDays(endDate, -rng.int(30, plan.maxStayDays)));
      const adult = ageOn(birthDate, endDate) >= 18;
      if (adult) startDate = later(startDate, addYears(birthDate, 18));
      return [place(est, startDate, endDate, adult ? 'jeune_majeur' : this.minorBasis(ageOn(birthDate, startDate), est))];
    }

    const age = ageOn(birthDate, today);
    if (age >= 18) {
      // a jeune majeur contract from the 18th birthday, after a placement as a minor in the same establishment
      const majority = addYears(birthDate, 18);
      const priorEnd = addDays(majority, -1);
      const priorStart = later(earliestStart, addDays(priorEnd, -rng.int(180, plan.maxStayDays)));
      return [
        place(est, priorStart, priorEnd, this.minorBasis(ageOn(birthDate, priorStart), est)),
        { ...place(est, majority, null, 'jeune_majeur'), unitKey: unitForAge(est, age, sector) },
      ];
    }
    const maxBack = Math.min(plan.maxStayDays, daysBetween(earliestStart, today));
    const drawn = rng.int(Math.min(7, maxBack), maxBack);
    const startDate = addDays(today, -(stayDays ?? drawn));
    const basis = this.minorBasis(ageOn(birthDate, startDate), est);
    // an accueil provisoire is decided for one year at most (L223-5), and ends at majority: its end is known while it runs
    const decidedEnd = earlier(addDays(addYears(startDate, 1), -1), addDays(addYears(birthDate, 18), -1));
    const current = { ...place(est, startDate, basis === 'accueil_provisoire' && decidedEnd >= today ? decidedEnd : null, basis), unitKey: unitForAge(est, age, sector) };
    if (est === MECS && rng.chance(0.3)) {
      // came from the emergency reception of the foyer de l'enfance
      const priorEnd = addDays(startDate, -1);
      const priorStart = addDays(priorEnd, -rng.int(20, 180));
      if (priorStart >= earliestStart) return [place(FOYER, priorStart, priorEnd, basis === 'penal_mineurs' ? 'assistance_educative' : basis), current];
    }
    return [current];
  }

  private minorBasis(age: number, establishmentKey: string): LegalBasis {
    const basis = this.rng.weighted<LegalBasis>({ assistance_educative: 68, accueil_provisoire: 18, tutelle: 6, delegation_autorite_parentale: 5, penal_mineurs: 3 });
    return basis === 'penal_mineurs' && (age < 13 || establishmentKey !== MECS) ? 'assistance_educative' : basis;
  }

  private decisionReference(basis: LegalBasis, startDate: string): string {
    const year = startDate.slice(0, 4);
    const n = String(this.rng.int(1, 9999)).padStart(5, '0');
    switch (basis) {
      case 'assistance_educative':
        return `Jugement JE Lyon n° ${year.slice(2)}/${n}`;
      case 'penal_mineurs':
        return `Jugement TPE Lyon n° ${year.slice(2)}/${n}`;
      case 'accueil_provisoire':
        return `Décision PCD n° ${year}-${n}`;
      case 'jeune_majeur':
        return `Contrat jeune majeur n° ${year}-${n}`;
      default:
        return `Jugement JAF Lyon n° ${year.slice(2)}/${n}`;
    }
  }

  /** Most identities were checked against a document after admission; some also got their INS from INSi. */
  private identityCheck(status: DemoChild['status'], identity: IdentityTraits, openedOn: string): DemoIdentityCheck | null {
    const { rng } = this;
    const weights: Record<DemoChild['status'], Record<IdentityStatus, number>> = {
      applicant: { provisoire: 80, validee: 20, recuperee: 0, qualifiee: 0 },
      waiting: { provisoire: 45, validee: 40, recuperee: 15, qualifiee: 0 },
      admitted: { provisoire: 20, validee: 40, recuperee: 10, qualifiee: 30 },
      discharged: { provisoire: 20, validee: 40, recuperee: 10, qualifiee: 30 },
    };
    const identityStatus = rng.weighted(weights[status]);
    if (identityStatus === 'provisoire') return null;
    const checkedOn = earlier(this.today, addDays(openedOn, rng.int(0, 45)));
    const documentChecked = identityStatus === 'validee' || identityStatus === 'qualifiee';
    const insRetrieved = identityStatus === 'recuperee' || identityStatus === 'qualifiee';
    return {
      status: identityStatus,
      documentType: documentChecked ? this.identityDocument(identity, checkedOn) : null,
      checkedOn,
      ins: insRetrieved ? { matricule: fictionalInsMatricule(identity, rng), oid: INS_NIR_TEST_OID } : null,
    };
  }

  private identityDocument(identity: IdentityTraits, checkedOn: string): IdentityDocumentType {
    const abroad = identity.birthPlaceCode.startsWith('99');
    const weights: Record<IdentityDocumentType, number> = abroad
      ? { passeport: 50, titre_sejour: ageOn(identity.birthDate, checkedOn) >= 16 ? 30 : 0, acte_naissance: 20, carte_identite: 0, livret_famille: 0 }
      : { carte_identite: 35, passeport: 15, livret_famille: 35, acte_naissance: 15, titre_sejour: 0 };
    for (const type of Object.keys(weights) as IdentityDocumentType[]) {
      if (identityDocumentProblem(type, identity.birthDate, checkedOn) !== null) weights[type] = 0;
    }
    return this.rng.weighted(weights);
  }

  /** A référent éducateur from the child's unit, often the psychologist and the nurse, sometimes a co-référent. */
  private careTeam(child: DemoChild): DemoCareTeamMember[] {
    const { rng, today, staff } = this;
    const last = child.placements[child.placements.length - 1];
    if (!last || !child.unitKey) return [];
    const path = unitPath(child.establishmentKey, child.unitKey);
    const educateurs = staff.educateurs.get(path) ?? [];
    const turn = this.referentTurn.get(path) ?? 0;
    this.referentTurn.set(path, turn + 1);
    const referent = educateurs[turn % educateurs.length];
    if (!referent) throw new Error(`no éducateur in ${path}`);
    if (child.status === 'discharged') return [{ login: referent, role: 'referent', startDate: last.startDate, endDate: last.endDate }];

    const stayStart = child.placements.find((p) => p.establishmentKey === child.establishmentKey)!.startDate;
    const joined = () => earlier(today, addDays(stayStart, rng.int(0, 60)));
    const team: DemoCareTeamMember[] = [{ login: referent, role: 'referent', startDate: stayStart, endDate: null }];
    const add = (login: string | undefined, role: CareTeamRole, probability: number) => {
      if (login && rng.chance(probability)) team.push({ login, role, startDate: joined(), endDate: null });
    };
    add(staff.psychologues.get(child.establishmentKey), 'psychologue', 0.8);
    add(staff.infirmiers.get(child.establishmentKey), 'infirmier', 0.7);
    add(staff.medecin, 'medecin', 0.4);
    const moniteurs = staff.moniteurs.get(path) ?? [];
    add(moniteurs[0], 'co_referent', 0.35);
    return team;
  }
}
