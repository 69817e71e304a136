import { addYears } from './calendar';
import type { DemoAccount, DemoAssignment } from './model';
import { adultFirstNames, surnames } from './names';
import { FOYER, MECS, SPF, demoEstablishments } from './organisation';
import type { SeededRandom } from './random';

/** The password of every demo account (documented in the README; demo mode only). */
export const DEMO_PASSWORD = 'Demo-Cordee-2026';

/** One documented login per profile of the pack, shown in the README. */
export const documentedLogins = {
  administrateur: 'demo.administrateur',
  directeur: 'demo.directeur',
  chef_service: 'demo.chef',
  educateur_specialise: 'demo.educateur',
  moniteur_educateur: 'demo.moniteur',
  psychologue: 'demo.psychologue',
  infirmier: 'demo.infirmier',
  medecin: 'demo.medecin',
  secretariat: 'demo.secretariat',
  maitresse_maison: 'demo.maitresse',
  veilleur_nuit: 'demo.veilleur',
  dpo: 'demo.dpo',
  responsable_qualite: 'demo.qualite',
  usager: 'demo.usager',
  tap: 'demo.tap',
} as const;

export type DemoProfileKey = keyof typeof documentedLogins;

/** Accounts of the staff, and who can be put in a child's care team where. */
export interface DemoStaff {
  accounts: DemoAccount[];
  /** `establishmentKey/unitKey` -> éducateurs spécialisés of the unit (référents). */
  educateurs: Map<string, string[]>;
  /** `establishmentKey/unitKey` -> moniteurs-éducateurs of the unit (co-référents). */
  moniteurs: Map<string, string[]>;
  psychologues: Map<string, string>;
  infirmiers: Map<string, string>;
  /** The médecin (vacataire) of every establishment, who joins some care teams. */
  medecin: string;
}

/** Lower-case ASCII login from a name: accents dropped, other characters become dashes. */
export function loginFrom(firstName: string, surname: string): string {
  const slug = (s: string) =>
    s.replace(/ı/g, 'i').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${slug(firstName)}.${slug(surname)}`;
}

export const unitPath = (establishmentKey: string, unitKey: string) => `${establishmentKey}/${unitKey}`;

export function generateStaff(rng: SeededRandom, today: string): DemoStaff {
  const validFrom = addYears(today, -12);
  const usedNames = new Set<string>();
  const accounts: DemoAccount[] = [];
  const staff: DemoStaff = { accounts, educateurs: new Map(), moniteurs: new Map(), psychologues: new Map(), infirmiers: new Map(), medecin: documentedLogins.medecin };

  const add = (documented: string | null, places: Array<{ profile: string; establishment?: string; unit?: string }>): string => {
    let first: string;
    let last: string;
    do {
      first = rng.pick(adultFirstNames);
      last = rng.pick(surnames);
    } while (usedNames.has(loginFrom(first, last)));
    usedNames.add(loginFrom(first, last));
    const login = documented ?? loginFrom(first, last);
    const assignments: DemoAssignment[] = places.map((p) => ({ profileKey: p.profile, inOrganisme: true, establishmentKey: p.establishment ?? null, unitKey: p.unit ?? null, validFrom }));
    accounts.push({ login, displayName: `${first} ${last}`, email: `${login}@cordee-demo.invalid`, assignments });
    return login;
  };
  const inUnits = (profile: string, establishment: string) =>
    demoEstablishments.find((e) => e.key === establishment)!.units.map((u) => ({ profile, establishment, unit: u.key }));
  const pushTo = (map: Map<string, string[]>, key: string, login: string) => map.set(key, [...(map.get(key) ?? []), login]);

  add(documentedLogins.administrateur, [{ profile: 'administrateur' }]);
  add(documentedLogins.dpo, [{ profile: 'dpo' }]);
  add(documentedLogins.responsable_qualite, [{ profile: 'responsable_qualite' }]);
  add(documentedLogins.directeur, demoEstablishments.map((e) => ({ profile: 'directeur', establishment: e.key })));
  add(documentedLogins.medecin, demoEstablishments.map((e) => ({ profile: 'medecin', establishment: e.key })));

  for (const establishment of demoEstablishments) {
    const e = establishment.key;
    const isMecs = e === MECS;
    add(isMecs ? documentedLogins.chef_service : null, [{ profile: 'chef_service', establishment: e }]);
    add(isMecs ? documentedLogins.secretariat : null, [{ profile: 'secretariat', establishment: e }]);
    staff.psychologues.set(e, add(isMecs ? documentedLogins.psychologue : null, [{ profile: 'psychologue', establishment: e }]));
    staff.infirmiers.set(e, add(isMecs ? documentedLogins.infirmier : null, [{ profile: 'infirmier', establishment: e }]));
    const educateursPerUnit = e === SPF ? 3 : 2;
    for (const unit of establishment.units) {
      const path = unitPath(e, unit.key);
      for (let i = 0; i < educateursPerUnit; i++) {
        const documented = isMecs && unit.key === 'horizon' && i === 0 ? documentedLogins.educateur_specialise : null;
        pushTo(staff.educateurs, path, add(documented, [{ profile: 'educateur_specialise', establishment: e, unit: unit.key }]));
      }
      if (e === MECS || e === FOYER) {
        const documented = isMecs && unit.key === 'horizon' ? documentedLogins.moniteur_educateur : null;
        pushTo(staff.moniteurs, path, add(documented, [{ profile: 'moniteur_educateur', establishment: e, unit: unit.key }]));
      }
    }
    if (e === MECS || e === FOYER) {
      // the house and the nights cover every unit of the establishment
      add(isMecs ? documentedLogins.maitresse_maison : null, inUnits('maitresse_maison', e));
      add(isMecs ? documentedLogins.veilleur_nuit : null, inUnits('veilleur_nuit', e));
      add(null, inUnits('veilleur_nuit', e));
    }
  }
  return staff;
}
