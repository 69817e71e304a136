import { changedStrictTraits, changedTraits, identityStatusAfterEdit } from './identity-changes';
import type { IdentityTraits } from './identity-traits';

const base: IdentityTraits = { birthName: 'DUPONT', firstNames: 'Éloïse Marie', birthDate: '2012-04-03', birthPlaceCode: '2a004', sex: 'F', usedName: null, usedFirstName: null };

describe('identity edits', () => {
  it('lists the strict traits that changed, ignoring the case of the COG code', () => {
    expect(changedStrictTraits(base, { ...base, birthPlaceCode: '2A004' })).toEqual([]);
    expect(changedStrictTraits(base, { ...base, birthName: 'DUPOND', sex: 'I' })).toEqual(['birthName', 'sex']);
  });

  it('lists every changed trait, a missing optional trait being equal to null', () => {
    const { usedName: _omitted, ...withoutUsedName } = base;
    expect(changedTraits(base, withoutUsedName)).toEqual([]);
    expect(changedTraits(base, { ...base, usedName: 'MARTIN', birthDate: '2012-04-04' })).toEqual(['usedName', 'birthDate']);
  });

  it('does not count the used name and used first name as strict traits', () => {
    expect(changedStrictTraits(base, { ...base, usedName: 'MARTIN', usedFirstName: 'Élo' })).toEqual([]);
  });

  it('sends a verified identity back to provisoire when a strict trait changes, and only then', () => {
    expect(identityStatusAfterEdit('qualifiee', ['birthDate'])).toBe('provisoire');
    expect(identityStatusAfterEdit('validee', ['firstNames'])).toBe('provisoire');
    expect(identityStatusAfterEdit('recuperee', ['sex'])).toBe('provisoire');
    expect(identityStatusAfterEdit('qualifiee', [])).toBe('qualifiee');
  });
});
