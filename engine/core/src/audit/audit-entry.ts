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

/** JSON with keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an entry: SHA-256 over the previous hash and every recorded field. */
export function auditHash(entry: Omit<SealedAuditEntry, 'hash'>): string {
  const { prevHash, ...fields } = entry;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

export type ChainProblem = { seq: string; problem: 'altered' | 'broken_link' | 'missing_rows' | 'head_mismatch'; detail: string };

/**
 * Verifies a run of consecutive sealed entries (ordered by seq). `expectedPrev` is the hash the
 * first entry must link to and `expectedSeq` its sequence number. Pure: the caller streams pages.
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
    if (actualSeq !== seq) {
      problems.push({ seq: entry.seq, problem: 'missing_rows', detail: `rows ${seq}..${actualSeq - 1n} are missing` });
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
