import { type CapacityUnit, type UnitPlaces, isUuid } from '@cordee/core';
import type { Tx, Db } from '../connection';
import { placeColumns } from './capacity-store';

/** A unit with the description of its places, and its establishment. */
export type UnitPlacesRecord = CapacityUnit & { establishmentId: string };

/** One unit's places; `lock` holds the unit's row until the end of the transaction (concurrent changes queue up). */
export async function findUnitPlaces(db: Db | Tx, unitId: string, lock = false): Promise<UnitPlacesRecord | null> {
  if (!isUuid(unitId)) return null;
  const query = db('unit').where({ id: unitId }).first([...placeColumns(db), 'establishment_id as establishmentId']);
  const row = await (lock ? query.forUpdate() : query);
  return (row as UnitPlacesRecord | undefined) ?? null;
}

/** Replaces the description of a unit's places (the database checks the lists of values again). */
export async function updateUnitPlaces(trx: Tx, unitId: string, places: UnitPlaces): Promise<void> {
  await trx('unit').where({ id: unitId }).update({
    capacity: places.capacity,
    place_type: places.placeType,
    age_min: places.ageMin,
    age_max: places.ageMax,
    place_sex: places.sex,
    accueil_ph: places.accueilPh,
    accueil_mna: places.accueilMna,
    accueil_renforce: places.accueilRenforce,
  });
}

/** How many placements in force on the day take a place in the unit. */
export async function placesOccupiedOn(db: Db | Tx, unitId: string, day: string): Promise<number> {
  const [row] = await db('placement')
    .where({ unit_id: unitId })
    .where('start_date', '<=', day)
    .where((q) => q.whereNull('end_date').orWhere('end_date', '>=', day))
    .count<Array<{ count: string }>>('* as count');
  return Number(row?.count ?? 0);
}
