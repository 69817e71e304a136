import {
  type AuditEvent,
  type ChainProblem,
  type SealedAuditEntry,
  GENESIS_HASH,
  auditHash,
  normaliseAuditEvent,
  verifyChainSegment,
} from '@cordee/core';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';

/**
 * Records an event in the caller's transaction: the access and its trace commit or roll back
 * together. An event the audit table could not hold throws here, not later in the sealer.
 */
export async function recordAudit(trx: Db | Tx, event: AuditEvent): Promise<void> {
  await prepared(trx('audit_pending').insert({ event: JSON.stringify(normaliseAuditEvent(event)) }), 'record_audit');
}

/** Many events at once (records stored in bulk), in the order given; one statement per thousand. */
export async function recordAudits(trx: Db | Tx, events: readonly AuditEvent[]): Promise<void> {
  const rows = events.map((event) => ({ event: JSON.stringify(normaliseAuditEvent(event)) }));
  for (let i = 0; i < rows.length; i += 1_000) await trx('audit_pending').insert(rows.slice(i, i + 1_000));
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

/**
 * Creates the month partitions the events fall in. A statement trigger of the parent table does
 * not fire on TRUNCATE of a partition, so each partition gets its own (see migration 0005).
 */
async function ensurePartitions(trx: Tx, dates: Date[]): Promise<void> {
  const partitions = new Map(dates.map((d) => {
    const p = monthPartition(d);
    return [p.name, p] as const;
  }));
  for (const p of partitions.values()) {
    const exists = await trx.raw('select to_regclass(?) as oid', [p.name]);
    if (exists.rows[0].oid) continue;
    await trx.raw(`create table ${p.name} partition of audit_log for values from ('${p.from}') to ('${p.to}')`);
    await trx.raw(`create trigger audit_log_partition_no_truncate before truncate on ${p.name} for each statement execute function audit_log_append_only()`);
  }
}

async function readHead(db: Db | Tx): Promise<{ seq: string; hash: string } | null> {
  const head = (await db('audit_chain_head').where({ id: 1 }).first('seq', 'hash')) as { seq: string; hash: string } | undefined;
  return head ? { seq: String(head.seq), hash: head.hash.trim() } : null;
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
      const head = await readHead(trx);
      if (!head) throw new Error('audit_chain_head is missing: the audit chain cannot be extended');
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      await ensurePartitions(trx, pending.map((p) => p.occurred_at));
      const rows = pending.map((p) => {
        seq += 1n;
        const entry: Omit<SealedAuditEntry, 'hash'> = { ...normaliseAuditEvent(p.event), seq: seq.toString(), occurredAt: p.occurred_at.toISOString(), prevHash };
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

/**
 * Seals what is pending, then walks the whole chain in (seq, occurred_at) order and compares its
 * end with the recorded head, all in one read-only snapshot so a concurrent sealer cannot make
 * the head look ahead of the rows read.
 */
export async function verifyAuditChain(db: Db, pageSize = 10_000): Promise<AuditVerification> {
  await sealPendingAudit(db);
  return db.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    const problems: ChainProblem[] = [];
    let prev = GENESIS_HASH;
    let nextSeq = 1n;
    let rowsChecked = 0;
    let after: { seq: string; occurredKey: string } | null = null;
    for (;;) {
      // the key keeps the full precision of occurred_at, so a page never starts again on its own last row
      const page = trx('audit_log').select('*', trx.raw('occurred_at::text as occurred_key')).orderBy([{ column: 'seq' }, { column: 'occurred_at' }]).limit(pageSize);
      if (after) page.whereRaw('(seq, occurred_at) > (?, ?::timestamptz)', [after.seq, after.occurredKey]);
      const rows: Array<AuditRow & { occurred_key: string }> = await page;
      const last = rows[rows.length - 1];
      if (!last) break;
      const segment = verifyChainSegment(rows.map(fromAuditRow), prev, nextSeq);
      problems.push(...segment.problems);
      prev = segment.lastHash;
      nextSeq = segment.nextSeq;
      rowsChecked += rows.length;
      after = { seq: String(last.seq), occurredKey: last.occurred_key };
    }
    const head = await readHead(trx);
    const chainEnd = nextSeq - 1n;
    if (!head) {
      problems.push({ seq: String(chainEnd), problem: 'head_mismatch', detail: 'the recorded chain head is missing' });
    } else if (BigInt(head.seq) !== chainEnd) {
      problems.push({ seq: head.seq, problem: 'head_mismatch', detail: `the chain ends at seq ${chainEnd} but the recorded head is seq ${head.seq}` });
    } else if (head.hash !== prev) {
      problems.push({ seq: head.seq, problem: 'head_mismatch', detail: 'the hash of the last row differs from the recorded head' });
    }
    return { ok: problems.length === 0, rowsChecked, problems };
  });
}
