import type { CapacityUnit, Occupation } from '@cordee/core';
import type { Db, Tx } from '../connection';

/** The columns of a unit that describe its places, as the fields of `CapacityUnit` (no capacity given: none). */
export const placeColumns = (db: Db | Tx) => [
  'id',
  'name',
  db.raw('coalesce(capacity, 0)::int as capacity'),
  'place_type as placeType',
  'age_min as ageMin',
  'age_max as ageMax',
  'place_sex as sex',
  'accueil_ph as accueilPh',
  'accueil_mna as accueilMna',
  'accueil_renforce as accueilRenforce',
];

/** The units of an establishment with their places' description (capacity spreadsheet), in name order. */
export async function capacityUnits(db: Db | Tx, establishmentId: string): Promise<CapacityUnit[]> {
  const rows = await db('unit').where({ establishment_id: establishmentId }).orderBy(['name', 'id']).select(placeColumns(db));
  return rows as CapacityUnit[];
}

/** The placements of an establishment that take a place on the day or later (current or planned): no identity, dates and unit only. */
export async function occupations(db: Db | Tx, establishmentId: string, day: string): Promise<Occupation[]> {
  return (await db('placement')
    .where({ establishment_id: establishmentId })
    .andWhere((q) => q.whereNull('end_date').orWhere('end_date', '>=', day))
    .orderBy(['start_date', 'id'])
    .select('unit_id as unitId', db.raw(`to_char(start_date, 'YYYY-MM-DD') as "startDate"`), db.raw(`to_char(end_date, 'YYYY-MM-DD') as "endDate"`))) as Occupation[];
}
