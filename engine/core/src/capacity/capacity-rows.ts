/**
 * The capacity spreadsheet for the Conseils départementaux (pde-domain.md § 8.1): one row per
 * place, with the columns of the model of the ANS (Seed 003) then the recommended extra columns.
 * It describes places, never children: no name, no date of birth, no dossier number.
 */
export const capacityModelColumns = ['Place n°', 'Disponible', 'Type de place', 'Tranche d’âge', 'Sexe', 'Accueil PH', 'Accueil MNA', 'Autres modalités d’accueils renforcés'] as const;
export const capacityExtraColumns = ['FINESS géographique', 'Nom de l’ESSMS', 'Unité', 'Date de mise à jour', 'Date prévisionnelle de disponibilité'] as const;
export const capacityColumns = [...capacityModelColumns, ...capacityExtraColumns];

export interface CapacityUnit {
  id: string;
  name: string;
  capacity: number;
  placeType: string | null;
  ageMin: number | null;
  ageMax: number | null;
  sex: 'F' | 'M' | 'Mixte' | null;
  accueilPh: boolean;
  accueilMna: boolean;
  accueilRenforce: string[];
}

/** A placement that takes a place on the day of the export: current, or reserved (starts later). */
export interface Occupation {
  unitId: string | null;
  startDate: string;
  endDate: string | null;
}

export type CapacityRow = [number, 'Disponible' | 'Non disponible', string, string, string, 'Oui' | 'Non', 'Oui' | 'Non', string, string, string, string, string, string];

const yesNo = (b: boolean) => (b ? 'Oui' : 'Non');

/** The day after a placement ends: when its place becomes free (`YYYY-MM-DD`, UTC arithmetic on days). */
function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Places are numbered across the units in their order. In each unit, the first places are taken
 * by its placements (the earliest to end first); placements without a unit take the free places
 * left, in unit order. A place taken, or reserved by an admission planned later, is « Non
 * disponible », with the day it becomes free when the placement has an end date.
 */
export function capacityRows(establishment: { finess: string; name: string }, units: CapacityUnit[], occupations: Occupation[], today: string): CapacityRow[] {
  const byUnit = new Map<string, Occupation[]>(units.map((u) => [u.id, []]));
  const floating: Occupation[] = [];
  for (const o of occupations) {
    const list = o.unitId ? byUnit.get(o.unitId) : undefined;
    (list ?? floating).push(o);
  }
  const order = (a: Occupation, b: Occupation) => (a.endDate ?? '9999-12-31').localeCompare(b.endDate ?? '9999-12-31') || a.startDate.localeCompare(b.startDate);
  floating.sort(order);
  const rows: CapacityRow[] = [];
  let number = 0;
  for (const unit of units) {
    const taken = (byUnit.get(unit.id) ?? []).sort(order);
    while (taken.length < unit.capacity && floating.length > 0) taken.push(floating.shift()!);
    for (let i = 0; i < unit.capacity; i++) {
      const occupant = taken[i];
      rows.push([
        ++number,
        occupant ? 'Non disponible' : 'Disponible',
        unit.placeType ?? 'Non renseigné',
        unit.ageMin !== null && unit.ageMax !== null ? `${unit.ageMin}-${unit.ageMax}` : 'Non renseignée',
        unit.sex ?? 'Mixte',
        yesNo(unit.accueilPh),
        yesNo(unit.accueilMna),
        unit.accueilRenforce.length > 0 ? unit.accueilRenforce.join(', ') : 'N/A',
        establishment.finess,
        establishment.name,
        unit.name,
        today,
        occupant?.endDate ? dayAfter(occupant.endDate) : '',
      ]);
    }
  }
  return rows;
}
