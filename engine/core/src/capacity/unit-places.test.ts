import { type UnitPlaces, placesRemovalProblem, unitPlacesProblems } from './unit-places';

const described: UnitPlaces = { capacity: 4, placeType: 'Semi-autonomie / studio', ageMin: 8, ageMax: 12, sex: 'Mixte', accueilPh: true, accueilMna: false, accueilRenforce: ['Fratrie'] };
const places = (over: Partial<UnitPlaces> = {}): UnitPlaces => ({ ...described, ...over });

describe('the places of a unit', () => {
  it('accept an age range in order, a single age, or no range at all', () => {
    expect(unitPlacesProblems(places())).toEqual([]);
    expect(unitPlacesProblems(places({ ageMin: 15, ageMax: 15 }))).toEqual([]);
    expect(unitPlacesProblems(places({ ageMin: null, ageMax: null }))).toEqual([]);
  });

  it('refuse an age range upside down or half given, at the field concerned', () => {
    expect(unitPlacesProblems(places({ ageMin: 15, ageMax: 12 }))).toEqual([{ path: '/ageMax', message: 'L’âge maximal (12 ans) doit être supérieur ou égal à l’âge minimal (15 ans).' }]);
    expect(unitPlacesProblems(places({ ageMin: null }))).toEqual([{ path: '/ageMin', message: expect.stringContaining('ses deux bornes') }]);
    expect(unitPlacesProblems(places({ ageMax: null }))).toEqual([{ path: '/ageMax', message: expect.stringContaining('ses deux bornes') }]);
  });

  it('never lose a place occupied today', () => {
    expect(placesRemovalProblem('Les petits', 3, 3)).toBeNull();
    expect(placesRemovalProblem('Les petits', 5, 0)).toBeNull();
    expect(placesRemovalProblem('Les petits', 2, 3)).toBe(
      'L’unité « Les petits » accueille aujourd’hui 3 enfants : sa capacité ne peut pas descendre à 2 places. Terminez d’abord les placements concernés ou changez-les d’unité.',
    );
    expect(placesRemovalProblem('Les petits', 0, 1)).toContain('accueille aujourd’hui un enfant : sa capacité ne peut pas descendre à 0 place.');
  });
});
