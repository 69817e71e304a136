import { AppError, type EstablishmentType, isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { uniqueAt } from '../pg-errors';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';

/** The fields of the subjects `Organisme`, `Establishment` and `Unit` that permission rules may test, and their columns. */
export const organismeColumns: FieldColumns = { id: 'o.id' };
export const establishmentColumns: FieldColumns = { id: 'e.id', organismeId: 'e.organisme_id', type: 'e.type' };

export interface OrganismeRecord {
  id: string;
  finessJuridique: string;
  name: string;
}

export interface EstablishmentRecord {
  id: string;
  organismeId: string;
  finessGeographique: string;
  name: string;
  type: EstablishmentType;
  capacity: number | null;
  /** Policy: the access log shown to a usager or legal representative names the staff (RGPD access right). */
  accessLogShowsStaffNames: boolean;
}

export interface UnitRecord {
  id: string;
  establishmentId: string;
  name: string;
  capacity: number | null;
}

const ORGANISME = ['o.id', 'o.finess_juridique as finessJuridique', 'o.name'];
const ESTABLISHMENT = ['e.id', 'e.organisme_id as organismeId', 'e.finess_geographique as finessGeographique', 'e.name', 'e.type', 'e.capacity', 'e.access_log_shows_staff_names as accessLogShowsStaffNames'];
const UNIT = ['u.id', 'u.establishment_id as establishmentId', 'u.name', 'u.capacity'];

const FINESS_J_TAKEN = 'Un organisme gestionnaire porte déjà ce FINESS juridique.';
const FINESS_G_TAKEN = 'Un établissement porte déjà ce FINESS géographique.';
const UNIT_NAME_TAKEN = 'Une unité de cet établissement porte déjà ce nom.';

export async function insertOrganisme(trx: Db | Tx, input: { finessJuridique: string; name: string }): Promise<OrganismeRecord> {
  const [row] = await uniqueAt(
    () => trx('organisme as o').insert({ finess_juridique: input.finessJuridique, name: input.name }).returning(ORGANISME),
    'organisme_finess_juridique_key',
    '/finessJuridique',
    FINESS_J_TAKEN,
  );
  return row as OrganismeRecord;
}

export async function findOrganisme(db: Db | Tx, id: string): Promise<OrganismeRecord | null> {
  if (!isUuid(id)) return null;
  const row = await db('organisme as o').where('o.id', id).first(ORGANISME);
  return (row as OrganismeRecord | undefined) ?? null;
}

export async function insertEstablishment(
  trx: Db | Tx,
  input: { organismeId: string; finessGeographique: string; name: string; type: EstablishmentType; capacity: number | null },
): Promise<EstablishmentRecord> {
  const [row] = await uniqueAt(
    () =>
      trx('establishment as e')
        .insert({ organisme_id: input.organismeId, finess_geographique: input.finessGeographique, name: input.name, type: input.type, capacity: input.capacity })
        .returning(ESTABLISHMENT),
    'establishment_finess_geographique_key',
    '/finessGeographique',
    FINESS_G_TAKEN,
  );
  return row as EstablishmentRecord;
}

/** One establishment; `lock` holds its row until the end of the transaction (concurrent updates serialise). */
export async function findEstablishment(db: Db | Tx, id: string, lock = false): Promise<EstablishmentRecord | null> {
  if (!isUuid(id)) return null;
  const query = db('establishment as e').where('e.id', id).first(ESTABLISHMENT);
  const row = await (lock ? query.forUpdate() : query);
  return (row as EstablishmentRecord | undefined) ?? null;
}

export type EstablishmentChanges = Partial<Pick<EstablishmentRecord, 'finessGeographique' | 'name' | 'type' | 'capacity' | 'accessLogShowsStaffNames'>>;

export async function updateEstablishment(trx: Db | Tx, id: string, changes: EstablishmentChanges): Promise<EstablishmentRecord> {
  const columns = {
    ...(changes.finessGeographique !== undefined ? { finess_geographique: changes.finessGeographique } : {}),
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.type !== undefined ? { type: changes.type } : {}),
    ...(changes.capacity !== undefined ? { capacity: changes.capacity } : {}),
    ...(changes.accessLogShowsStaffNames !== undefined ? { access_log_shows_staff_names: changes.accessLogShowsStaffNames } : {}),
  };
  const [row] = await uniqueAt(
    () => trx('establishment as e').where('e.id', id).update(columns).returning(ESTABLISHMENT),
    'establishment_finess_geographique_key',
    '/finessGeographique',
    FINESS_G_TAKEN,
  );
  return row as EstablishmentRecord;
}

export async function insertUnit(trx: Db | Tx, input: { establishmentId: string; name: string; capacity: number | null }): Promise<UnitRecord> {
  const [row] = await uniqueAt(
    () => trx('unit as u').insert({ establishment_id: input.establishmentId, name: input.name, capacity: input.capacity }).returning(UNIT),
    'unit_establishment_id_name_key',
    '/name',
    UNIT_NAME_TAKEN,
  );
  return row as UnitRecord;
}

export async function findUnit(db: Db | Tx, id: string, lock = false): Promise<UnitRecord | null> {
  if (!isUuid(id)) return null;
  const query = db('unit as u').where('u.id', id).first(UNIT);
  const row = await (lock ? query.forUpdate() : query);
  return (row as UnitRecord | undefined) ?? null;
}

export async function updateUnit(trx: Db | Tx, id: string, changes: Partial<Pick<UnitRecord, 'name' | 'capacity'>>): Promise<UnitRecord> {
  const columns = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.capacity !== undefined ? { capacity: changes.capacity } : {}),
  };
  const [row] = await uniqueAt(() => trx('unit as u').where('u.id', id).update(columns).returning(UNIT), 'unit_establishment_id_name_key', '/name', UNIT_NAME_TAKEN);
  return row as UnitRecord;
}

export async function unitsOfEstablishments(db: Db | Tx, establishmentIds: string[]): Promise<UnitRecord[]> {
  if (establishmentIds.length === 0) return [];
  return (await db('unit as u').whereIn('u.establishment_id', establishmentIds).select(UNIT).orderBy(['u.name', 'u.id'])) as UnitRecord[];
}

export interface VisibleOrganisation {
  organismes: OrganismeRecord[];
  establishments: EstablishmentRecord[];
  units: UnitRecord[];
}

/**
 * The organisation a caller sees: the establishments their rules allow (in SQL), the units of
 * those, and the organismes either allowed by their own rules or holding a visible establishment.
 */
export async function visibleOrganisation(db: Db | Tx, establishmentFilter: AccessFilter, organismeFilter: AccessFilter): Promise<VisibleOrganisation> {
  const establishmentQuery = db('establishment as e').select(ESTABLISHMENT).orderBy(['e.name', 'e.id']);
  const establishments = applyAccessFilter(establishmentQuery, establishmentFilter) ? ((await establishmentQuery) as EstablishmentRecord[]) : [];
  const parentIds = [...new Set(establishments.map((e) => e.organismeId))];
  const organismeQuery = db('organisme as o').select(ORGANISME).orderBy(['o.name', 'o.id']);
  if (organismeFilter.kind === 'nothing') organismeQuery.whereIn('o.id', parentIds);
  else if (organismeFilter.kind === 'some') organismeQuery.where((q) => q.whereIn('o.id', parentIds).orWhere(organismeFilter.where));
  const organismes = (await organismeQuery) as OrganismeRecord[];
  const units = await unitsOfEstablishments(db, establishments.map((e) => e.id));
  return { organismes, establishments, units };
}

/** Which of these establishments exist, and the establishment of each of these units: what assignments are checked against. */
export async function organisationReferences(
  db: Db | Tx,
  establishmentIds: string[],
  unitIds: string[],
): Promise<{ establishmentIds: Set<string>; unitEstablishments: Map<string, string> }> {
  const establishments: Array<{ id: string }> = establishmentIds.length === 0 ? [] : await db('establishment').whereIn('id', establishmentIds).select('id');
  const units: Array<{ id: string; establishment_id: string }> = unitIds.length === 0 ? [] : await db('unit').whereIn('id', unitIds).select('id', 'establishment_id');
  return { establishmentIds: new Set(establishments.map((e) => e.id)), unitEstablishments: new Map(units.map((u) => [u.id, u.establishment_id])) };
}
