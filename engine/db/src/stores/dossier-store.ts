import { type IdentityStatus, type IdentityTraits, isUuid, searchTokens } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';
import { prepared } from '../prepared';

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
  if (!isUuid(id)) return null;
  // on the path of most requests: one prepared statement
  const { rows } = await prepared(db.raw('select d.id, d.establishment_id as "establishmentId", d.unit_id as "unitId", d.status from dossier d where d.id = ?', [id]), 'dossier_access');
  return (rows[0] as DossierAccessRecord | undefined) ?? null;
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

/** One dossier as the API shows it (identity, statuses, INS, where it is followed). */
export interface DossierRecord extends DossierAccessRecord {
  number: string;
  identity: IdentityTraits;
  identityStatus: IdentityStatus;
  identityDocumentType: string | null;
  identityCheckedAt: Date | null;
  insMatricule: string | null;
  insOid: string | null;
  insRetrievedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lockVersion: number;
}

interface DossierRow {
  id: string;
  number: string;
  birth_name: string;
  used_name: string | null;
  first_names: string;
  used_first_name: string | null;
  birth_date: string;
  birth_place_code: string;
  sex: IdentityTraits['sex'];
  identity_status: IdentityStatus;
  identity_document_type: string | null;
  identity_checked_at: Date | null;
  ins_matricule: string | null;
  ins_oid: string | null;
  ins_retrieved_at: Date | null;
  status: DossierStatus;
  establishment_id: string;
  unit_id: string | null;
  created_at: Date;
  updated_at: Date;
  lock_version: number;
}

function toDossierRecord(r: DossierRow): DossierRecord {
  return {
    id: r.id,
    number: r.number,
    identity: {
      birthName: r.birth_name,
      usedName: r.used_name,
      firstNames: r.first_names,
      usedFirstName: r.used_first_name,
      birthDate: r.birth_date,
      birthPlaceCode: r.birth_place_code,
      sex: r.sex,
    },
    identityStatus: r.identity_status,
    identityDocumentType: r.identity_document_type,
    identityCheckedAt: r.identity_checked_at,
    insMatricule: r.ins_matricule,
    insOid: r.ins_oid,
    insRetrievedAt: r.ins_retrieved_at,
    status: r.status,
    establishmentId: r.establishment_id,
    unitId: r.unit_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lockVersion: r.lock_version,
  };
}

export async function getDossier(db: Db | Tx, id: string): Promise<DossierRecord | null> {
  if (!isUuid(id)) return null;
  const row = (await db('dossier').where({ id }).first()) as DossierRow | undefined;
  return row ? toDossierRecord(row) : null;
}

/** The dossier, row-locked until the end of the transaction: concurrent writes to one dossier run one after the other. */
export async function lockDossier(trx: Tx, id: string): Promise<DossierRecord | null> {
  if (!isUuid(id)) return null;
  const row = (await trx('dossier').where({ id }).forUpdate().first()) as DossierRow | undefined;
  return row ? toDossierRecord(row) : null;
}

export interface DossierChanges {
  identity?: IdentityTraits;
  identityStatus?: IdentityStatus;
  identityDocumentType?: string | null;
  identityCheckedAt?: Date | null;
  status?: DossierStatus;
  establishmentId?: string;
  unitId?: string | null;
}

/** Applies changes, bumps the lock version and rebuilds the search tokens when names change. */
export async function updateDossier(trx: Tx, id: string, changes: DossierChanges): Promise<void> {
  const t = changes.identity;
  const columns: Record<string, unknown> = {
    ...(t
      ? {
          birth_name: t.birthName,
          used_name: t.usedName ?? null,
          first_names: t.firstNames,
          used_first_name: t.usedFirstName ?? null,
          birth_date: t.birthDate,
          birth_place_code: t.birthPlaceCode.toUpperCase(),
          sex: t.sex,
        }
      : {}),
    ...(changes.identityStatus !== undefined ? { identity_status: changes.identityStatus } : {}),
    ...(changes.identityDocumentType !== undefined ? { identity_document_type: changes.identityDocumentType } : {}),
    ...(changes.identityCheckedAt !== undefined ? { identity_checked_at: changes.identityCheckedAt } : {}),
    ...(changes.status !== undefined ? { status: changes.status } : {}),
    ...(changes.establishmentId !== undefined ? { establishment_id: changes.establishmentId } : {}),
    ...(changes.unitId !== undefined ? { unit_id: changes.unitId } : {}),
  };
  await trx('dossier')
    .where({ id })
    .update({ ...columns, updated_at: trx.fn.now(), lock_version: trx.raw('lock_version + 1') });
  if (t) await replaceSearchTokens(trx, id, t);
}

export interface IdentityStatusChange {
  dossierId: string;
  fromStatus: IdentityStatus;
  toStatus: IdentityStatus;
  reason: string;
  documentType?: string | null;
  changedBy: string | null;
}

export async function insertIdentityStatusChange(trx: Tx, change: IdentityStatusChange): Promise<void> {
  await trx('identity_status_change').insert({
    dossier_id: change.dossierId,
    from_status: change.fromStatus,
    to_status: change.toStatus,
    reason: change.reason,
    document_type: change.documentType ?? null,
    changed_by: change.changedBy,
  });
}

export async function unitBelongsToEstablishment(db: Db | Tx, unitId: string, establishmentId: string): Promise<boolean> {
  return (await db('unit').where({ id: unitId, establishment_id: establishmentId }).first('id')) !== undefined;
}

export interface DossierListItem extends DossierAccessRecord {
  number: string;
  birthName: string;
  usedName: string | null;
  firstNames: string;
  usedFirstName: string | null;
  birthDate: string;
  sex: IdentityTraits['sex'];
  identityStatus: IdentityStatus;
}

export interface DossierListQuery {
  /** What the caller may see (from their rules); lists never filter after loading. */
  access: AccessFilter;
  /** Folded words: each must prefix-match one search token of the dossier. */
  words: string[];
  establishmentId?: string;
  unitId?: string;
  status?: DossierStatus;
  /** Keyset position: the (birth name, first names, id) of the last row of the previous page. */
  after?: [string, string, string];
  limit: number;
}

/** One page of dossiers ordered by birth name, first names and id; `limit + 1` rows are read to know whether a next page exists. */
export async function listDossiers(db: Db | Tx, query: DossierListQuery): Promise<DossierListItem[]> {
  const qb = db('dossier as d').select(
    'd.id',
    'd.number',
    'd.birth_name as birthName',
    'd.used_name as usedName',
    'd.first_names as firstNames',
    'd.used_first_name as usedFirstName',
    'd.birth_date as birthDate',
    'd.sex',
    'd.identity_status as identityStatus',
    'd.status',
    'd.establishment_id as establishmentId',
    'd.unit_id as unitId',
  );
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.words.length > 0) {
    // search first (the dossiers whose tokens match every word), then the access filter and the page:
    // the cost is bounded by the matches, whatever the shape of the user's rules
    const matching = (word: string) => db('dossier_search_token').where('token', 'like', `${word.replace(/[\\%_]/g, '\\$&')}%`);
    const [first, ...others] = query.words;
    const matches = matching(first!).distinct('dossier_id');
    for (const word of others) matches.intersect(matching(word).select('dossier_id'));
    qb.withMaterialized('matches', matches).join('matches as m', 'm.dossier_id', 'd.id');
  }
  if (query.establishmentId) qb.where('d.establishment_id', query.establishmentId);
  if (query.unitId) qb.where('d.unit_id', query.unitId);
  if (query.status) qb.where('d.status', query.status);
  if (query.after) qb.whereRaw('(d.birth_name, d.first_names, d.id) > (?, ?, ?::uuid)', query.after);
  return (await qb.orderBy(['d.birth_name', 'd.first_names', 'd.id']).limit(query.limit + 1)) as DossierListItem[];
}
