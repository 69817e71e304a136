import { packCapture } from '../../pack-capture';
import { addDays } from '../calendar';
import { generateDemoData } from '../generate';
import { generateDemoRecords } from './generate';
import { resolveDemoRefs } from './model';

const TODAY = '2026-05-14';
const capture = packCapture();
const fakeIds = (keys: string[]) => new Map(keys.map((k, i) => [k, `00000000-0000-4000-8000-00000000000${i}`]));

describe('demo records', () => {
  const data = generateDemoData({ today: TODAY });
  const records = generateDemoRecords(data);
  const ids = fakeIds(data.establishments.map((e) => e.key));

  it('is deterministic and leaves the children as they were', () => {
    expect(generateDemoRecords(generateDemoData({ today: TODAY }))).toEqual(records);
    expect(generateDemoData({ today: TODAY })).toEqual(data);
  });

  it('gives every answer the server would accept in final mode, for several days and seeds', () => {
    for (const [today, seed] of [[TODAY, undefined], ['2027-02-28', 7], ['2028-02-29', 99], ['2026-12-31', 2026]] as const) {
      const d = generateDemoData({ today, ...(seed === undefined ? {} : { seed }) });
      const invalid = generateDemoRecords(d)
        .map((r) => ({ child: r.childKey, form: r.form, errors: capture(r.form, resolveDemoRefs(r.data, ids)).errors }))
        .filter((r) => r.errors.length > 0);
      expect({ today, invalid: invalid.slice(0, 3) }).toEqual({ today, invalid: [] });
    }
  });

  it('covers every stage of the path', () => {
    const formsOf = (key: string) => records.filter((r) => r.childKey === key).map((r) => r.form);
    for (const child of data.children) {
      const forms = formsOf(child.key);
      expect(forms).toContain('demande-admission');
      if (child.status === 'waiting') expect(forms).toContain('liste-attente');
      if (child.status === 'admitted' || child.status === 'discharged') expect(forms).toEqual(expect.arrayContaining(['prise-de-contact', 'g1-besoins-fondamentaux', 'ppe']));
      if (child.status === 'admitted') expect(forms).toEqual(expect.arrayContaining(['projet-personnalise', 'fiche-sanitaire', 'transmission', 'presence']));
      if (child.status === 'discharged') expect(forms).toContain('sortie');
    }
    const used = new Set(records.map((r) => r.form));
    for (const form of ['contrat-sejour', 'contrat-jeune-majeur', 'liberte-aller-venir', 'transmission-ciblee', 'bilan-psychologique', 'notes-psychologue', 'incident']) expect(used).toContain(form);
    const twoGrids = data.children.filter((c) => formsOf(c.key).filter((f) => f === 'g1-besoins-fondamentaux').length === 2);
    expect(twoGrids.length).toBeGreaterThan(10);
  });

  it('writes nothing in the future, transmissions in the last days and presences in the current week, by the child’s team', () => {
    expect(records.filter((r) => r.at.slice(0, 10) > TODAY)).toEqual([]);
    for (const r of records.filter((x) => x.form === 'transmission')) expect(r.at.slice(0, 10) >= addDays(TODAY, -5)).toBe(true);
    for (const r of records.filter((x) => x.form === 'presence')) expect(String(r.data.jour) >= '2026-05-11').toBe(true);
    const logins = new Set(data.accounts.map((a) => a.login));
    expect(records.filter((r) => !logins.has(r.authorLogin))).toEqual([]);
    const psychologists = new Set(data.accounts.filter((a) => a.assignments.some((x) => x.profileKey === 'psychologue')).map((a) => a.login));
    for (const r of records.filter((x) => x.form === 'notes-psychologue')) expect(psychologists).toContain(r.authorLogin);
  });

  it('refers to establishments by key until they are loaded', () => {
    const request = records.find((r) => r.form === 'demande-admission')!;
    expect(request.data.etablissements_demandes).toEqual([expect.stringMatching(/^@establishment:/)]);
    expect(resolveDemoRefs(request.data, ids).etablissements_demandes).toEqual([expect.stringMatching(/^0{8}-/)]);
    expect(() => resolveDemoRefs({ x: '@establishment:nowhere' }, ids)).toThrow(/unknown demo establishment/);
  });
});
