import { identityTraitsProblems } from './identity-traits';

const today = new Date('2026-03-01T10:00:00Z');
const traits = { birthName: 'DUPONT', firstNames: 'Éloïse', birthDate: '2012-04-03', birthPlaceCode: '75056', sex: 'F' as const };

describe('identity traits checks', () => {
  it('accepts French commune codes (Corsica included) and foreign-country codes', () => {
    for (const code of ['75056', '2A004', '2b033', '99134']) expect(identityTraitsProblems({ ...traits, birthPlaceCode: code }, today)).toEqual([]);
  });

  it('names each faulty field under the base path', () => {
    const issues = identityTraitsProblems({ ...traits, birthName: 'DUP0NT', birthDate: '2027-01-01', birthPlaceCode: '7505' }, today, '/identity');
    expect(issues.map((i) => i.path)).toEqual(['/identity/birthDate', '/identity/birthPlaceCode', '/identity/birthName']);
  });

  it('refuses a day that does not exist and an implausible age', () => {
    expect(identityTraitsProblems({ ...traits, birthDate: '2023-02-29' }, today)[0]?.message).toMatch(/n’existe pas/);
    expect(identityTraitsProblems({ ...traits, birthDate: '1980-01-01' }, today)[0]?.message).toMatch(/30 ans/);
  });
});
