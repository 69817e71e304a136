import { type CapacityUnit, capacityColumns, capacityRows } from './capacity-rows';

const unit = (id: string, capacity: number, over: Partial<CapacityUnit> = {}): CapacityUnit => ({
  id,
  name: `Unité ${id}`,
  capacity,
  placeType: 'Internat complet',
  ageMin: 8,
  ageMax: 12,
  sex: 'F',
  accueilPh: false,
  accueilMna: true,
  accueilRenforce: [],
  ...over,
});

describe('capacity rows', () => {
  const est = { finess: '750000010', name: 'MECS Les Tilleuls' };

  it('has the columns of the model first, then the extra ones', () => {
    expect(capacityColumns.slice(0, 8)).toEqual(['Place n°', 'Disponible', 'Type de place', 'Tranche d’âge', 'Sexe', 'Accueil PH', 'Accueil MNA', 'Autres modalités d’accueils renforcés']);
  });

  it('numbers the places across units and marks the taken ones, with the day they free up', () => {
    const rows = capacityRows(
      est,
      [unit('a', 2), unit('b', 3, { placeType: 'Habitat diffus', ageMin: 15, ageMax: 18, sex: null, accueilRenforce: ['Autisme', 'Fratrie'] })],
      [
        { unitId: 'a', startDate: '2026-01-01', endDate: null },
        { unitId: 'b', startDate: '2026-01-01', endDate: '2026-06-30' },
        { unitId: null, startDate: '2026-05-01', endDate: null },
      ],
      '2026-04-10',
    );
    expect(rows.map((r) => [r[0], r[1], r[12]])).toEqual([
      [1, 'Non disponible', ''],
      [2, 'Non disponible', ''],
      [3, 'Non disponible', '2026-07-01'],
      [4, 'Disponible', ''],
      [5, 'Disponible', ''],
    ]);
    expect(rows[2]!.slice(2, 8)).toEqual(['Habitat diffus', '15-18', 'Mixte', 'Non', 'Oui', 'Autisme, Fratrie']);
    expect(rows[0]!.slice(7, 12)).toEqual(['N/A', '750000010', 'MECS Les Tilleuls', 'Unité a', '2026-04-10']);
  });

  it('never lists more places than the capacity, even when a unit is over-occupied', () => {
    const rows = capacityRows(est, [unit('a', 1)], [
      { unitId: 'a', startDate: '2026-01-01', endDate: null },
      { unitId: 'a', startDate: '2026-02-01', endDate: null },
    ], '2026-04-10');
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe('Non disponible');
  });
});
