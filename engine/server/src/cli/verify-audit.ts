/**
 * `npm run audit:verify`: checks the hash chain of the audit trail of DATABASE_URL (or of the
 * embedded PostgreSQL under CORDEE_DATA_DIR). Exit code 0: intact; 1: tampered; 2: could not check.
 */
import pino from 'pino';
import type { ChainProblemKind } from '@cordee/core';
import { type AuditVerification, verifyAuditChain } from '@cordee/db';
import { loadConfig } from '../config';
import { type Database, openDatabase } from '../database';

const KIND_LABELS: Record<ChainProblemKind, string> = {
  altered: 'ligne modifiée / row altered',
  broken_link: 'chaînage rompu / broken link',
  missing_rows: 'lignes manquantes / missing rows',
  unexpected_row: 'ligne inattendue / unexpected row',
  head_mismatch: 'tête de chaîne incohérente / head mismatch',
};

function formatVerification(result: AuditVerification): string {
  const lines = ['Vérification du journal d’audit / Audit trail verification', `Lignes vérifiées / Rows checked: ${result.rowsChecked}`];
  if (result.ok) {
    lines.push('OK : chaîne intacte / chain intact');
  } else {
    lines.push(`ALTÉRÉ / TAMPERED : ${result.problems.length} problème(s) / problem(s)`);
    for (const p of result.problems) lines.push(`  seq ${p.seq} — ${p.problem} (${KIND_LABELS[p.problem]}) : ${p.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  let database: Database | undefined;
  try {
    const config = loadConfig();
    database = await openDatabase(config, pino({ level: 'warn' }, pino.destination(2)));
    const result = await verifyAuditChain(database.db);
    process.stdout.write(formatVerification(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`Vérification impossible / Verification failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await database?.close().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
