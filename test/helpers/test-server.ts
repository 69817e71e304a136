/**
 * One real server per test file: a fresh database cloned from the migrated template, the express
 * app listening on a loopback port, and HTTP clients with their own cookie jars.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import { type Db, createDb, sealPendingAudit } from '@cordee/db';
import { createApp } from '@cordee/server/src/app';
import { loadPack } from '@cordee/server/src/startup/pack-loader';
import { buildDeps } from '@cordee/server/src/build-deps';
import { type Config, loadConfig } from '@cordee/server/src/config';
import type { AppDeps, Clock } from '@cordee/server/src/deps';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup';
import { HttpClient } from './http-client';

export interface TestServer {
  baseUrl: string;
  db: Db;
  deps: AppDeps;
  /** A new client with an empty cookie jar. */
  client(): HttpClient;
  /** Publishes the PDE pack's forms, grids, workflows and templates, as `npm start` does (the template database has none). */
  loadPack(): Promise<string[]>;
  /** Moves pending audit events into the chain (the server's sealer does it every 250 ms). */
  sealAudit(): Promise<number>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  config?: Partial<Config>;
  clock?: Clock;
  demoMode?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const adminUrl = process.env.CORDEE_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('CORDEE_TEST_ADMIN_URL is not set: run the tests through jest (global setup)');
  const database = `cordee_test_${randomBytes(6).toString('hex')}`;
  const admin = createDb(adminUrl, { poolMax: 1 });
  await admin.raw(`create database ${database} template ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const db = createDb(withDatabase(adminUrl, database), { poolMax: 10 });
  const config: Config = { ...loadConfig({ CORDEE_LOG_LEVEL: 'silent' }), ...options.config };
  const deps = buildDeps({ config, db, logger: pino({ level: process.env.CORDEE_TEST_LOG ?? 'silent' }), demoMode: options.demoMode ?? false, ...(options.clock ? { clock: options.clock } : {}) });
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    baseUrl,
    db,
    deps,
    client: () => new HttpClient(baseUrl),
    loadPack: () => loadPack(deps, deps.logger),
    sealAudit: () => sealPendingAudit(db),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      const cleanup = createDb(adminUrl, { poolMax: 1 });
      await cleanup.raw(`drop database if exists ${database} with (force)`);
      await cleanup.destroy();
    },
  };
}
