import {
  type AuditEvent,
  type ChainProblem,
  type SealedAuditEntry,
  GENESIS_HASH,
  auditHash,
  verifyChainSegment,
} from '@cordee/core';
import type { Db, Tx } from '../connection';

/** Records an event in the caller's transaction: the access and its trace commit or roll back together. */
export async function recordAudit(trx: Db | Tx, event: AuditEvent): Promise<void> {
  await trx('audit_pending').insert({ event: JSON.stringify(event) });
}

const SEAL_LOCK = 727_001; // advisory lock key of the audit sealer
const SEAL_BATCH = 5_000;

interface PendingRow {
  id: string;
  occurred_at: Date;
  event: AuditEvent;
}

function monthPartition(date: Date): { name: string; from: string; to: string } {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const from = new Date(Date.UTC(y, m, 1)).toISOString();
  const to = new Date(Date.UTC(y, m + 1, 1)).toISOString();
  return { name: `audit_log_y${y}m${String(m + 1).padStart(2, '0')}`, from, to };
}

async function ensurePartitions(trx: Tx, dates: Date[]): Promise<void> {
  const partitions = new Map(dates.map((d) => {
    const p = monthPartition(d);
    return [p.name, p] as const;
  }));
  for (const p of partitions.values()) {
    const exists = await trx.raw('select to_regclass(?) as oid', [p.name]);
    if (exists.rows[0].oid) continue;
    await trx.raw(`create table if not exists ${p.name} partition of audit_log for values from ('${p.from}') to ('${p.to}')`);
  }
}

/**
 * Moves pending events into the hash chain, oldest first. One sealer at a time (advisory lock);
 * returns the number of rows sealed. Call it periodically and before reading the audit log.
 */
export async function sealPendingAudit(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [SEAL_LOCK]);
      const pending: PendingRow[] = (
        await trx.raw('delete from audit_pending where id in (select id from audit_pending order by id limit ?) returning id, occurred_at, event', [SEAL_BATCH])
      ).rows;
      if (pending.length === 0) return 0;
      pending.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const head = (await trx('audit_chain_head').where({ id: 1 }).first()) as { seq: string; hash: string };
      let seq = BigInt(head.seq);
      let prevHash = head.hash.trim();
      await ensurePartitions(trx, pending.map((p) => p.occurred_at));
      const rows = pending.map((p) => {
        seq += 1n;
        const entry: Omit<SealedAuditEntry, 'hash'> = { ...normaliseEvent(p.event), seq: seq.toString(), occurredAt: p.occurred_at.toISOString(), prevHash };
        const hash = auditHash(entry);
        prevHash = hash;
        return toRow({ ...entry, hash });
      });
      for (let i = 0; i < rows.length; i += 500) await trx('audit_log').insert(rows.slice(i, i + 500));
      await trx('audit_chain_head').where({ id: 1 }).update({ seq: seq.toString(), hash: prevHash });
      return pending.length;
    });
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

function normaliseEvent(event: AuditEvent): AuditEvent {
  return {
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    dossierId: event.dossierId ?? null,
    actorAccountId: event.actorAccountId ?? null,
    actorProfile: event.actorProfile ?? null,
    establishmentId: event.establishmentId ?? null,
    requestId: event.requestId ?? null,
    purpose: event.purpose ?? null,
    ip: event.ip ?? null,
    outcome: event.outcome,
    detail: event.detail ?? null,
  };
}

function toRow(entry: SealedAuditEntry): Record<string, unknown> {
  return {
    seq: entry.seq,
    occurred_at: entry.occurredAt,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    dossier_id: entry.dossierId,
    actor_account_id: entry.actorAccountId,
    actor_profile: entry.actorProfile,
    establishment_id: entry.establishmentId,
    request_id: entry.requestId,
    purpose: entry.purpose,
    ip: entry.ip,
    outcome: entry.outcome,
    detail: entry.detail === null ? null : JSON.stringify(entry.detail),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

interface AuditRow {
  seq: string;
  occurred_at: Date;
  action: string;
  target_type: string | null;
  target_id: string | null;
  dossier_id: string | null;
  actor_account_id: string | null;
  actor_profile: string | null;
  establishment_id: string | null;
  request_id: string | null;
  purpose: string | null;
  ip: string | null;
  outcome: AuditEvent['outcome'];
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

export function fromAuditRow(row: AuditRow): SealedAuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    dossierId: row.dossier_id,
    actorAccountId: row.actor_account_id,
    actorProfile: row.actor_profile,
    establishmentId: row.establishment_id,
    requestId: row.request_id,
    purpose: row.purpose,
    ip: row.ip,
    outcome: row.outcome,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditVerification {
  ok: boolean;
  rowsChecked: number;
  problems: ChainProblem[];
}

/** Walks the whole chain in seq order and compares its end with the recorded head. */
export async function verifyAuditChain(db: Db, pageSize = 10_000): Promise<AuditVerification> {
  await sealPendingAudit(db);
  const problems: ChainProblem[] = [];
  let prev = GENESIS_HASH;
  let nextSeq = 1n;
  let rowsChecked = 0;
  let after = 0n;
  for (;;) {
    const rows: AuditRow[] = await db('audit_log').where('seq', '>', after.toString()).orderBy('seq').limit(pageSize);
    if (rows.length === 0) break;
    const segment = verifyChainSegment(rows.map(fromAuditRow), prev, nextSeq);
    problems.push(...segment.problems);
    prev = segment.lastHash;
    nextSeq = segment.nextSeq;
    rowsChecked += rows.length;
    after = BigInt(rows[rows.length - 1]!.seq);
  }
  const head = (await db('audit_chain_head').where({ id: 1 }).first()) as { seq: string; hash: string };
  if (BigInt(head.seq) !== nextSeq - 1n || head.hash.trim() !== prev) {
    problems.push({ seq: String(head.seq), problem: 'head_mismatch', detail: `the chain ends at seq ${nextSeq - 1n} but the recorded head is seq ${head.seq}` });
  }
  return { ok: problems.length === 0, rowsChecked, problems };
}
