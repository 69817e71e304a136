import { addYears } from './calendar';
import { type ChildPlan, ChildGenerator, type ForcedChild } from './children';
import type { DemoAccount, DemoData, DemoPortalLink } from './model';
import { adultFirstNames } from './names';
import { FOYER, MECS, SPF, demoEstablishments, demoOrganisme } from './organisation';
import { SeededRandom } from './random';
import { documentedLogins, generateStaff } from './staff';

/** The seed of the demo shipped with Cordée: every installation gets the same fictional people. */
export const DEMO_SEED = 2026;

const plans: ChildPlan[] = [
  { establishmentKey: MECS, count: 50, minAge: 6, maxAge: 20, minStartAge: 6, maxStayDays: 2200 },
  { establishmentKey: FOYER, count: 30, minAge: 0, maxAge: 17, minStartAge: 0, maxStayDays: 270 },
  { establishmentKey: SPF, count: 40, minAge: 0, maxAge: 20, minStartAge: 0, maxStayDays: 3600 },
];

/** Children admitted in the last days (a MECS child of the Horizon group, a foyer child): their admission is under way. */
const newcomers: Array<[string, ForcedChild]> = [
  [MECS, { status: 'admitted', age: 13, stayDays: 6 }],
  [FOYER, { status: 'admitted', age: 9, stayDays: 11 }],
];

/**
 * The fictional demo organisation, deterministic for a seed and a day: one organisme, three
 * establishments with units, staff of every profile, about 120 children with their placements and
 * care teams, and portal accounts (a young person, a parent of two siblings). Pure: no I/O.
 */
export function generateDemoData(options: { today: string; seed?: number }): DemoData {
  const seed = options.seed ?? DEMO_SEED;
  const rng = new SeededRandom(seed);
  const staff = generateStaff(rng, options.today);
  const generator = new ChildGenerator(rng, options.today, staff);
  // the first children of the MECS and of the placement familial are the portal accounts' dossiers
  const forced: Record<string, ForcedChild[]> = {
    [MECS]: [
      { status: 'admitted', age: 14 },
      { status: 'admitted', age: 9 },
    ],
    [SPF]: [{ status: 'admitted', age: 4 }],
  };
  const children = plans.flatMap((plan) => Array.from({ length: plan.count }, (_, i) => generator.child(plan, i, forced[plan.establishmentKey]?.[i])));

  const young = children.find((c) => c.establishmentKey === MECS)!;
  const [elder, younger] = [children.filter((c) => c.establishmentKey === MECS)[1]!, children.find((c) => c.establishmentKey === SPF)!];
  younger.identity = { ...younger.identity, birthName: elder.identity.birthName, usedName: null };
  const validFrom = addYears(options.today, -1);
  const portalAccounts: DemoAccount[] = [
    {
      login: documentedLogins.usager,
      displayName: `${young.identity.usedFirstName ?? young.identity.firstNames.split(' ')[0]} ${young.identity.usedName ?? young.identity.birthName}`,
      email: `${documentedLogins.usager}@cordee-demo.invalid`,
      assignments: [{ profileKey: 'usager', inOrganisme: false, establishmentKey: null, unitKey: null, validFrom }],
    },
    {
      login: documentedLogins.tap,
      displayName: `${rng.pick(adultFirstNames)} ${elder.identity.birthName}`,
      email: `${documentedLogins.tap}@cordee-demo.invalid`,
      assignments: [{ profileKey: 'tap', inOrganisme: false, establishmentKey: null, unitKey: null, validFrom }],
    },
  ];
  const portalLinks: DemoPortalLink[] = [
    { login: documentedLogins.usager, childKey: young.key, relation: 'usager' },
    { login: documentedLogins.tap, childKey: elder.key, relation: 'legal_representative' },
    { login: documentedLogins.tap, childKey: younger.key, relation: 'legal_representative' },
  ];

  // drawn last, so that every other child and account stays as it was
  for (const [establishmentKey, forcedChild] of newcomers) {
    const plan = plans.find((p) => p.establishmentKey === establishmentKey)!;
    children.push(generator.child(plan, children.filter((c) => c.establishmentKey === establishmentKey).length, forcedChild));
  }

  return {
    seed,
    today: options.today,
    organisme: demoOrganisme,
    establishments: demoEstablishments,
    accounts: [...staff.accounts, ...portalAccounts],
    children,
    portalLinks,
  };
}
