import { createHash } from 'node:crypto';

/** What is recorded for every read and write of a child's data, and for security events. */
export interface AuditEvent {
  /** e.g. `dossier.read`, `dossier.create`, `auth.login.failed`. */
  action: string;
  /** Kind of target, e.g. `dossier`, `account`, `session`. */
  targetType: string | null;
  targetId: string | null;
  /** The dossier concerned, when any: what the access log of a usager is built from. */
  dossierId: string | null;
  actorAccountId: string | null;
  actorProfile: string | null;
  establishmentId: string | null;
  requestId: string | null;
  /** Why the access happened (care, administration, break-glass reason…). */
  purpose: string | null;
  /** Client address. */
  ip: string | null;
  outcome: 'success' | 'denied' | 'failure';
  /** Small structured detail; never the child's data itself. */
  detail: Record<string, unknown> | null;
}

/** A sealed audit row: the event plus its place and hash in the chain. */
export interface SealedAuditEntry extends AuditEvent {
  seq: string;
  occurredAt: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const OUTCOMES: ReadonlyArray<AuditEvent['outcome']> = ['success', 'denied', 'failure'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOrNull(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!UUID.test(value)) throw new TypeError(`audit event: ${field} must be a UUID, got ${JSON.stringify(value)}`);
  // the database stores UUIDs in lower case: hash exactly what will be read back
  return value.toLowerCase();
}

/**
 * The event exactly as the database will return it: every field present, UUIDs in lower case.
 * Throws on an event the audit table cannot hold, so the faulty access fails with its own
 * transaction instead of blocking the sealer later.
 */
export function normaliseAuditEvent(event: AuditEvent): AuditEvent {
  if (typeof event.action !== 'string' || event.action.length === 0) throw new TypeError('audit event: action is required');
  if (!OUTCOMES.includes(event.outcome)) throw new TypeError(`audit event: unknown outcome ${JSON.stringify(event.outcome)}`);
  return {
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    dossierId: uuidOrNull('dossierId', event.dossierId),
    actorAccountId: uuidOrNull('actorAccountId', event.actorAccountId),
    actorProfile: event.actorProfile ?? null,
    establishmentId: uuidOrNull('establishmentId', event.establishmentId),
    requestId: event.requestId ?? null,
    purpose: event.purpose ?? null,
    ip: event.ip ?? null,
    outcome: event.outcome,
    detail: event.detail ?? null,
  };
}

/**
 * JSON with keys sorted at every level: the same value always hashes the same. Follows
 * JSON.stringify otherwise (toJSON, undefined and functions dropped from objects and null in arrays).
 */
export function canonicalJson(value: unknown): string {
  // Native JSON.stringify does the work (toJSON, undefined and functions dropped as usual); the
  // replacer only rebuilds every plain object with its keys in sorted order. (Integer-like keys
  // come first in ascending order, as JavaScript enumerates them: still one output per value.)
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
  return json ?? 'null';
}

/** The hash of an entry: SHA-256 over the previous hash and every recorded field. */
export function auditHash(entry: Omit<SealedAuditEntry, 'hash'>): string {
  const { prevHash, ...fields } = entry;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

export type ChainProblemKind = 'altered' | 'broken_link' | 'missing_rows' | 'unexpected_row' | 'head_mismatch';
export type ChainProblem = { seq: string; problem: ChainProblemKind; detail: string };

/**
 * Verifies a run of consecutive sealed entries (ordered by seq). `expectedPrev` is the hash the
 * first entry must link to and `expectedSeq` its sequence number. Pure: the caller streams pages.
 * A row whose seq was already passed (a duplicate, or an insertion) is reported and skipped, so
 * the genuine chain goes on being checked after it.
 */
export function verifyChainSegment(
  entries: SealedAuditEntry[],
  expectedPrev: string,
  expectedSeq: bigint,
): { problems: ChainProblem[]; lastHash: string; nextSeq: bigint } {
  const problems: ChainProblem[] = [];
  let prev = expectedPrev;
  let seq = expectedSeq;
  for (const entry of entries) {
    const actualSeq = BigInt(entry.seq);
    if (actualSeq < seq) {
      problems.push({ seq: entry.seq, problem: 'unexpected_row', detail: `a row with seq ${entry.seq} comes after seq ${seq - 1n}` });
      continue;
    }
    if (actualSeq > seq) {
      const range = actualSeq - 1n === seq ? `row ${seq} is` : `rows ${seq}..${actualSeq - 1n} are`;
      problems.push({ seq: entry.seq, problem: 'missing_rows', detail: `${range} missing` });
    }
    if (entry.prevHash !== prev) {
      problems.push({ seq: entry.seq, problem: 'broken_link', detail: 'prev_hash does not match the hash of the previous row' });
    }
    const { hash, ...rest } = entry;
    if (auditHash(rest) !== hash) {
      problems.push({ seq: entry.seq, problem: 'altered', detail: 'the row content does not match its hash' });
    }
    prev = hash;
    seq = actualSeq + 1n;
  }
  return { problems, lastHash: prev, nextSeq: seq };
}
