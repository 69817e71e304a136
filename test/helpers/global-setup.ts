/**
 * Integration tests run against a real PostgreSQL: DATABASE_URL when set (its user needs CREATEDB),
 * else an embedded server started here in a child process. A template database is migrated and
 * loaded with reference data once; each test file clones it (see test-server.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateToLatest } from '@cordee/db';
import { loadReferenceData } from '@cordee/server/src/startup/reference-data';

export const TEMPLATE_DATABASE = 'cordee_test_template';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startEmbedded(): Promise<{ adminUrl: string; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cordee-test-pg-'));
  const port = await freePort();
  // `--import tsx` rather than the tsx command, which may SIGKILL its child on SIGTERM (see product-process.ts)
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'engine', 'db', 'src', 'cli', 'embedded-server.ts'), dataDir, String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const adminUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded PostgreSQL did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}):\n${output}`)));
  });
  return { adminUrl, child };
}

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbedded();
    adminUrl = embedded.adminUrl;
    (globalThis as { __cordeePg?: ChildProcess }).__cordeePg = embedded.child;
  }
  process.env.CORDEE_TEST_ADMIN_URL = adminUrl;
  const admin = createDb(adminUrl, { poolMax: 1 });
  await admin.raw(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.raw(`create database ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const template = createDb(withDatabase(adminUrl, TEMPLATE_DATABASE), { poolMax: 2 });
  await migrateToLatest(template);
  await loadReferenceData(template);
  // the pack profiles' publications are audited; test files start from an empty trail (they count seqs)
  await template('audit_pending').delete();
  await template.destroy();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
