import { ageOn } from '@cordee/core';
import { addDays } from '../calendar';
import type { DemoChild, DemoData, DemoPlacement } from '../model';
import type { SeededRandom } from '../random';

const motherFirstNames = ['Sandrine', 'Nathalie', 'Sophie', 'Karima', 'Aminata', 'Céline', 'Isabelle', 'Fatima', 'Stéphanie', 'Valérie', 'Leïla', 'Aurélie'] as const;
const fatherFirstNames = ['David', 'Mohamed', 'Stéphane', 'Frédéric', 'Karim', 'Laurent', 'Sébastien', 'Mamadou', 'Olivier', 'Thierry', 'Nicolas', 'Rachid'] as const;

/** A person of the demo: their login and the name shown in the answers. */
export interface Person {
  login: string;
  name: string;
}

/** Everything the answers of one child need: names, people around them, the dates of their stay. */
export interface ChildFacts {
  child: DemoChild;
  today: string;
  firstName: string;
  surname: string;
  fullName: string;
  mother: string;
  father: string;
  establishmentName: string;
  establishmentType: string;
  referent: Person;
  psychologue: Person | null;
  infirmier: Person | null;
  medecin: Person | null;
  chef: Person;
  directeur: Person;
  secretariat: Person;
  maitresse: Person | null;
  veilleur: Person | null;
  /** The stay in the child's establishment (the last placement), if any. */
  stay: DemoPlacement | null;
  /** The first day of the stay in this establishment. */
  stayStart: string | null;
  /** Age in years on a day. */
  ageOn(day: string): number;
  /** The day, never after today (nor before `floor` when given). */
  clamp(day: string, floor?: string): string;
}

/** Demo accounts holding a profile in an establishment (or in all of them). */
class Directory {
  private readonly names = new Map<string, string>();
  private readonly byProfile = new Map<string, string[]>();

  constructor(data: DemoData) {
    for (const account of data.accounts) {
      this.names.set(account.login, account.displayName);
      for (const a of account.assignments) {
        const key = `${a.profileKey}|${a.establishmentKey ?? '*'}`;
        this.byProfile.set(key, [...(this.byProfile.get(key) ?? []), account.login]);
      }
    }
  }

  person(login: string): Person {
    return { login, name: this.names.get(login) ?? login };
  }

  first(profile: string, establishmentKey: string): Person | null {
    const login = this.byProfile.get(`${profile}|${establishmentKey}`)?.[0] ?? this.byProfile.get(`${profile}|*`)?.[0];
    return login ? this.person(login) : null;
  }
}

export function childFacts(data: DemoData, child: DemoChild, rng: SeededRandom, directory = new Directory(data)): ChildFacts {
  const establishment = data.establishments.find((e) => e.key === child.establishmentKey)!;
  const firstName = child.identity.usedFirstName ?? child.identity.firstNames.split(' ')[0]!;
  const surname = child.identity.usedName ?? child.identity.birthName;
  const team = (role: string) => child.careTeam.find((m) => m.role === role);
  const required = (profile: string) => {
    const p = directory.first(profile, child.establishmentKey);
    if (!p) throw new Error(`no ${profile} in ${child.establishmentKey}`);
    return p;
  };
  const referentLogin = team('referent')?.login;
  const stay = child.placements[child.placements.length - 1] ?? null;
  const stayStart = child.placements.find((p) => p.establishmentKey === child.establishmentKey)?.startDate ?? null;
  const today = data.today;
  return {
    child,
    today,
    firstName,
    surname,
    fullName: `${firstName} ${surname}`,
    mother: `${rng.pick(motherFirstNames)} ${child.identity.birthName}`,
    father: `${rng.pick(fatherFirstNames)} ${child.identity.birthName}`,
    establishmentName: establishment.name,
    establishmentType: establishment.type,
    referent: referentLogin ? directory.person(referentLogin) : required('educateur_specialise'),
    psychologue: team('psychologue') ? directory.person(team('psychologue')!.login) : null,
    infirmier: team('infirmier') ? directory.person(team('infirmier')!.login) : null,
    medecin: team('medecin') ? directory.person(team('medecin')!.login) : null,
    chef: required('chef_service'),
    directeur: required('directeur'),
    secretariat: required('secretariat'),
    maitresse: directory.first('maitresse_maison', child.establishmentKey),
    veilleur: directory.first('veilleur_nuit', child.establishmentKey),
    stay,
    stayStart,
    ageOn: (day) => ageOn(child.identity.birthDate, day),
    clamp: (day, floor) => {
      const capped = day > today ? today : day;
      return floor && capped < floor ? floor : capped;
    },
  };
}

export { Directory };

/** `day` at a time of day, as an ISO date-time. */
export const at = (day: string, time: string): string => `${day}T${time}:00Z`;

/** The Monday of the week of a day. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
