import { ageOn, identityDocumentProblem, identityTraitsProblems, isValidFiness } from '@cordee/core';
import { packProfiles } from '../pack';
import { addDays, addYears } from './calendar';
import { INS_NIR_TEST_OID, nirKey } from './fictional-ins';
import { DEMO_SEED, generateDemoData } from './generate';
import type { DemoData } from './model';
import { documentedLogins } from './staff';

const TODAY = '2026-05-14';

describe('demo data generator', () => {
  it('is deterministic: the same seed and day give the same data, another seed other children', () => {
    const a = generateDemoData({ today: TODAY });
    expect(generateDemoData({ today: TODAY, seed: DEMO_SEED })).toEqual(a);
    const other = generateDemoData({ today: TODAY, seed: DEMO_SEED + 1 });
    expect(other.children.map((c) => c.identity)).not.toEqual(a.children.map((c) => c.identity));
  });

  it('builds one organisme, three establishments of the three kinds with valid FINESS numbers and 2 to 4 units', () => {
    const data = generateDemoData({ today: TODAY });
    expect(data.organisme.name).toBe('Association Les Cordées (démonstration)');
    expect(isValidFiness(data.organisme.finessJuridique)).toBe(true);
    expect(data.establishments.map((e) => e.type).sort()).toEqual(['foyer_enfance', 'mecs', 'placement_familial']);
    for (const e of data.establishments) {
      expect(isValidFiness(e.finessGeographique)).toBe(true);
      expect(e.units.length).toBeGreaterThanOrEqual(2);
      expect(e.units.length).toBeLessThanOrEqual(4);
    }
    const finess = [data.organisme.finessJuridique, ...data.establishments.map((e) => e.finessGeographique)];
    expect(new Set(finess).size).toBe(finess.length);
  });

  it('has staff of every profile of the pack, the documented logins and unique logins', () => {
    const data = generateDemoData({ today: TODAY });
    const held = new Set(data.accounts.flatMap((a) => a.assignments.map((x) => x.profileKey)));
    for (const profile of packProfiles()) expect(held).toContain(profile.key);
    const logins = data.accounts.map((a) => a.login.toLowerCase());
    expect(new Set(logins).size).toBe(logins.length);
    for (const [profile, login] of Object.entries(documentedLogins)) {
      const account = data.accounts.find((a) => a.login === login);
      expect(account?.assignments.map((x) => x.profileKey)).toContain(profile);
    }
    for (const a of data.accounts) expect(a.email).toMatch(/@cordee-demo\.invalid$/);
  });

  it('gives about 120 children aged 0 to 20 with French names (accents included) and every status', () => {
    const data = generateDemoData({ today: TODAY });
    expect(data.children.length).toBeGreaterThanOrEqual(100);
    expect(data.children.length).toBeLessThanOrEqual(140);
    const ages = data.children.map((c) => ageOn(c.identity.birthDate, TODAY));
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBe(20);
    expect(new Set(data.children.map((c) => c.status))).toEqual(new Set(['applicant', 'waiting', 'admitted', 'discharged']));
    expect(new Set(data.children.map((c) => c.identityCheck?.status ?? 'provisoire'))).toEqual(new Set(['provisoire', 'validee', 'recuperee', 'qualifiee']));
    expect(data.children.filter((c) => /[À-ÿ]/.test(c.identity.firstNames + c.identity.birthName)).length).toBeGreaterThan(20);
    expect(data.children.some((c) => c.identity.birthPlaceCode.startsWith('99'))).toBe(true);
    expect(data.children.flatMap((c) => c.placements.map((p) => p.legalBasis))).toEqual(expect.arrayContaining(['accueil_provisoire', 'assistance_educative', 'jeune_majeur']));
  });

  it('keeps every child coherent, for the shipped seed and for many seeds and days (29 February included)', () => {
    const runs: Array<[number, string]> = [[DEMO_SEED, TODAY], [1, '2024-02-29'], [2, '2028-02-29']];
    for (let seed = 3; seed < 40; seed++) runs.push([seed, addDays('2024-01-01', seed * 37)]);
    for (const [seed, today] of runs) expect({ seed, today, problems: coherenceProblems(generateDemoData({ today, seed })) }).toEqual({ seed, today, problems: [] });
  });
});

function coherenceProblems(data: DemoData): string[] {
  const { today } = data;
  const accounts = new Map(data.accounts.map((a) => [a.login, a]));
  const units = new Map(data.establishments.map((e) => [e.key, new Set(e.units.map((u) => u.key))]));
  const problems: string[] = [];
  const check = (ok: boolean, child: string, what: string) => {
    if (!ok) problems.push(`${child}: ${what}`);
  };

  for (const c of data.children) {
    const { birthDate } = c.identity;
    const age = ageOn(birthDate, today);
    check(identityTraitsProblems(c.identity, new Date(`${today}T12:00:00Z`)).length === 0, c.key, 'identity traits refused');
    check(age >= 0 && age <= 20, c.key, `age ${age}`);
    check(birthDate <= c.openedOn && c.openedOn <= today, c.key, 'opened before birth or in the future');
    check(c.unitKey === null || units.get(c.establishmentKey)!.has(c.unitKey), c.key, 'unit of another establishment');

    let previousEnd: string | null = null;
    for (const p of c.placements) {
      check(p.startDate > birthDate, c.key, 'placement before birth');
      check(p.startDate >= c.openedOn, c.key, 'placement before the dossier was opened');
      check(p.endDate === null || p.endDate >= p.startDate, c.key, 'placement ends before it starts');
      check(previousEnd !== null && previousEnd < p.startDate || previousEnd === null, c.key, 'placements overlap');
      check(p.unitKey === null || units.get(p.establishmentKey)!.has(p.unitKey), c.key, 'placement unit of another establishment');
      check(p.decisionReference.length > 0, c.key, 'no decision reference');
      const majority = addYears(birthDate, 18);
      if (p.legalBasis === 'jeune_majeur') check(p.startDate >= majority && (p.endDate ?? today) < addYears(birthDate, 21), c.key, 'jeune majeur outside 18-21');
      else check(p.startDate < majority && (p.endDate ?? today) < majority, c.key, `${p.legalBasis} for an adult`);
      previousEnd = p.endDate ?? '9999-12-31';
    }
    const last = c.placements[c.placements.length - 1];
    const referents = c.careTeam.filter((m) => m.role === 'referent' && (m.endDate === null || m.endDate >= today));
    if (c.status === 'admitted') {
      check(!!last && last.startDate <= today && (last.endDate === null || last.endDate >= today), c.key, 'admitted without a current placement');
      check(last?.establishmentKey === c.establishmentKey && last.unitKey === c.unitKey, c.key, 'current placement elsewhere than the dossier');
      check(referents.length === 1, c.key, 'admitted without exactly one référent');
      const referent = referents[0] && accounts.get(referents[0].login);
      check(
        !!referent?.assignments.some((a) => a.profileKey === 'educateur_specialise' && a.establishmentKey === c.establishmentKey && a.unitKey === c.unitKey),
        c.key,
        'référent is not an éducateur of the unit',
      );
    } else if (c.status === 'discharged') {
      check(c.placements.length > 0 && c.placements.every((p) => p.endDate !== null && p.endDate < today), c.key, 'discharged with a running placement');
      check(referents.length === 0, c.key, 'discharged with an active référent');
    } else {
      check(c.placements.length === 0 && c.careTeam.length === 0 && c.unitKey === null, c.key, `${c.status} with a placement, a team or a unit`);
    }
    for (const m of c.careTeam) {
      check(accounts.has(m.login), c.key, `care team member ${m.login} has no account`);
      check(m.startDate >= c.placements[0]!.startDate && m.startDate <= today && (m.endDate === null || m.endDate >= m.startDate), c.key, 'care team dates');
    }

    const idc = c.identityCheck;
    if (idc) {
      check(idc.checkedOn >= c.openedOn && idc.checkedOn <= today, c.key, 'identity checked outside the dossier life');
      const documentChecked = idc.status === 'validee' || idc.status === 'qualifiee';
      const insRetrieved = idc.status === 'recuperee' || idc.status === 'qualifiee';
      check((idc.documentType !== null) === documentChecked, c.key, 'document and status disagree');
      check(idc.documentType === null || identityDocumentProblem(idc.documentType, birthDate, idc.checkedOn) === null, c.key, 'document not valid for the age');
      check((idc.ins !== null) === insRetrieved, c.key, 'INS and status disagree');
      if (idc.ins) {
        const { matricule, oid } = idc.ins;
        check(oid === INS_NIR_TEST_OID && /^[12]\d{4}(\d{2}|2[AB])\d{8}$/.test(matricule), c.key, `INS shape ${matricule}`);
        check(nirKey(matricule.slice(0, 13)) === matricule.slice(13), c.key, 'INS key');
        check(matricule.slice(1, 5) === birthDate.slice(2, 4) + birthDate.slice(5, 7) && matricule.slice(5, 10) === c.identity.birthPlaceCode, c.key, 'INS not matching the traits');
      }
    }
  }
  for (const link of data.portalLinks) {
    check(data.children.some((c) => c.key === link.childKey && c.status === 'admitted'), link.login, 'portal link to an unknown or absent child');
    check(accounts.has(link.login), link.login, 'portal link without account');
  }
  const tapChildren = data.portalLinks.filter((l) => l.login === documentedLogins.tap).map((l) => data.children.find((c) => c.key === l.childKey)!);
  check(tapChildren.length === 2 && tapChildren[0]!.identity.birthName === tapChildren[1]!.identity.birthName, 'demo.tap', 'not the parent of two siblings');
  return problems;
}
