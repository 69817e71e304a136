import { type IdentityStatus, type IdentityTraits, searchTokens } from '@cordee/core';
import type { Db, Tx } from '../connection';
import type { FieldColumns } from '../permissions/rules-to-sql';

/** The fields of a dossier that permission rules may test, and their columns (alias `d`). */
export const dossierColumns: FieldColumns = {
  id: 'd.id',
  establishmentId: 'd.establishment_id',
  unitId: 'd.unit_id',
  status: 'd.status',
};

export type DossierStatus = 'applicant' | 'waiting' | 'admitted' | 'discharged' | 'archived';

/** What the permission layer looks at on one dossier (the CASL subject `Dossier`). */
export interface DossierAccessRecord {
  id: string;
  establishmentId: string;
  unitId: string | null;
  status: DossierStatus;
}

export async function findDossierAccessRecord(db: Db | Tx, id: string): Promise<DossierAccessRecord | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await db('dossier as d').where('d.id', id).first('d.id', 'd.establishment_id as establishmentId', 'd.unit_id as unitId', 'd.status');
  return (row as DossierAccessRecord | undefined) ?? null;
}

export interface NewDossier {
  identity: IdentityTraits;
  establishmentId: string;
  unitId?: string | null;
  status?: DossierStatus;
  identityStatus?: IdentityStatus;
  createdBy?: string | null;
}

/** Inserts a dossier with its number and search tokens; returns its id and number. */
export async function insertDossier(trx: Db | Tx, input: NewDossier): Promise<{ id: string; number: string }> {
  const t = input.identity;
  const [row] = await trx('dossier')
    .insert({
      number: trx.raw(`'D' || to_char(now(), 'YYYY') || '-' || lpad(nextval('dossier_number_seq')::text, 6, '0')`),
      birth_name: t.birthName,
      used_name: t.usedName ?? null,
      first_names: t.firstNames,
      used_first_name: t.usedFirstName ?? null,
      birth_date: t.birthDate,
      birth_place_code: t.birthPlaceCode.toUpperCase(),
      sex: t.sex,
      identity_status: input.identityStatus ?? 'provisoire',
      status: input.status ?? 'applicant',
      establishment_id: input.establishmentId,
      unit_id: input.unitId ?? null,
      created_by: input.createdBy ?? null,
    })
    .returning(['id', 'number']);
  await replaceSearchTokens(trx, row.id, t);
  return { id: row.id as string, number: row.number as string };
}

/** Search tokens: every word of every name, folded (accents, case): what search-as-you-type matches by prefix. */
export async function replaceSearchTokens(trx: Db | Tx, dossierId: string, t: Pick<IdentityTraits, 'birthName' | 'usedName' | 'firstNames' | 'usedFirstName'>): Promise<void> {
  await trx('dossier_search_token').where({ dossier_id: dossierId }).delete();
  const tokens = searchTokens(t.birthName, t.usedName, t.firstNames, t.usedFirstName);
  if (tokens.length > 0) await trx('dossier_search_token').insert(tokens.map((token) => ({ dossier_id: dossierId, token })));
}

export interface NewPlacement {
  dossierId: string;
  establishmentId: string;
  unitId?: string | null;
  startDate: string;
  endDate?: string | null;
  legalBasis: string;
  decisionReference?: string | null;
  createdBy?: string | null;
}

export async function insertPlacement(trx: Db | Tx, input: NewPlacement): Promise<string> {
  const [row] = await trx('placement')
    .insert({
      dossier_id: input.dossierId,
      establishment_id: input.establishmentId,
      unit_id: input.unitId ?? null,
      start_date: input.startDate,
      end_date: input.endDate ?? null,
      legal_basis: input.legalBasis,
      decision_reference: input.decisionReference ?? null,
      created_by: input.createdBy ?? null,
    })
    .returning('id');
  return row.id as string;
}

export interface NewCareTeamMember {
  dossierId: string;
  accountId: string;
  role: string;
  startDate: string;
  endDate?: string | null;
  createdBy?: string | null;
}

export async function insertCareTeamMember(trx: Db | Tx, input: NewCareTeamMember): Promise<string> {
  const [row] = await trx('care_team_member')
    .insert({
      dossier_id: input.dossierId,
      account_id: input.accountId,
      role: input.role,
      start_date: input.startDate,
      end_date: input.endDate ?? null,
      created_by: input.createdBy ?? null,
    })
    .returning('id');
  return row.id as string;
}
