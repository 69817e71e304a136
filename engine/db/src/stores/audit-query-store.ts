import type { Knex } from 'knex';
import type { AuditEvent } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';

/** The fields of an audit event that permission rules on the subject `Audit` may test (alias `l`). */
export const auditColumns: FieldColumns = {
  establishmentId: 'l.establishment_id',
  dossierId: 'l.dossier_id',
};

/** Keyset position in the audit trail read newest first: the last row of the previous page. */
export interface AuditPosition {
  occurredAt: string;
  seq: string;
}

export interface AuditPageRequest {
  limit: number;
  after: AuditPosition | null;
}

export interface AuditListItem {
  seq: string;
  occurredAt: string;
  action: string;
  outcome: AuditEvent['outcome'];
  targetType: string | null;
  targetId: string | null;
  dossierId: string | null;
  actorAccountId: string | null;
  actorName: string | null;
  actorProfile: string | null;
  establishmentId: string | null;
  establishmentName: string | null;
  requestId: string | null;
  purpose: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditFilter {
  dossierId?: string;
  accountId?: string;
  /** An action, or a family of actions: `auth` matches `auth` and `auth.*`. */
  action?: string;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
}

function baseQuery(db: Db | Tx): Knex.QueryBuilder {
  return db('audit_log as l')
    .leftJoin('account as a', 'a.id', 'l.actor_account_id')
    .leftJoin('establishment as e', 'e.id', 'l.establishment_id')
    .select(
      'l.seq',
      'l.occurred_at as occurredAt',
      'l.action',
      'l.outcome',
      'l.target_type as targetType',
      'l.target_id as targetId',
      'l.dossier_id as dossierId',
      'l.actor_account_id as actorAccountId',
      'a.display_name as actorName',
      'l.actor_profile as actorProfile',
      'l.establishment_id as establishmentId',
      'e.name as establishmentName',
      'l.request_id as requestId',
      'l.purpose',
      'l.ip',
      'l.detail',
    );
}

/** Newest first, one row more than asked to tell whether another page follows. */
async function page(qb: Knex.QueryBuilder, request: AuditPageRequest): Promise<{ items: AuditListItem[]; next: AuditPosition | null }> {
  if (request.after) qb.whereRaw('(l.occurred_at, l.seq) < (?::timestamptz, ?::bigint)', [request.after.occurredAt, request.after.seq]);
  const rows = (await qb.orderBy([{ column: 'l.occurred_at', order: 'desc' }, { column: 'l.seq', order: 'desc' }]).limit(request.limit + 1)) as Array<
    Omit<AuditListItem, 'occurredAt' | 'seq'> & { occurredAt: Date; seq: string | number }
  >;
  const items = rows.slice(0, request.limit).map((r) => ({ ...r, seq: String(r.seq), occurredAt: r.occurredAt.toISOString() }));
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? { occurredAt: last.occurredAt, seq: last.seq } : null };
}

/** The sealed audit trail, restricted to what `access` allows and to the filters. */
export async function listAuditLog(db: Db | Tx, access: AccessFilter, filter: AuditFilter, request: AuditPageRequest): Promise<{ items: AuditListItem[]; next: AuditPosition | null }> {
  const qb = baseQuery(db);
  if (!applyAccessFilter(qb, access)) return { items: [], next: null };
  if (filter.dossierId) qb.where('l.dossier_id', filter.dossierId);
  if (filter.accountId) qb.where('l.actor_account_id', filter.accountId);
  if (filter.action) {
    const action = filter.action;
    qb.where((q) => q.where('l.action', action).orWhereRaw('starts_with(l.action, ?)', [`${action}.`]));
  }
  if (filter.from) qb.where('l.occurred_at', '>=', filter.from);
  if (filter.to) qb.where('l.occurred_at', '<', filter.to);
  return page(qb, request);
}

/** Every sealed event about one dossier (and only that dossier): the access log of the usager. */
export async function listDossierAccessLog(db: Db | Tx, dossierId: string, request: AuditPageRequest): Promise<{ items: AuditListItem[]; next: AuditPosition | null }> {
  return page(baseQuery(db).where('l.dossier_id', dossierId), request);
}

/** Whether the access log shown to the usager and their legal representatives names the staff. */
export async function accessLogShowsStaffNames(db: Db | Tx, establishmentId: string): Promise<boolean> {
  const row = (await db('establishment').where({ id: establishmentId }).first('access_log_shows_staff_names')) as { access_log_shows_staff_names: boolean } | undefined;
  return row?.access_log_shows_staff_names ?? true;
}
