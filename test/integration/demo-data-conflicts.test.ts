import pino from 'pino';
import type { Db } from '@cordee/db';
import { documentedLogins } from '@cordee/seeds';
import { ensureDemoData } from '@cordee/server/src/startup/demo-data';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { tableCounts } from '../helpers/table-counts';
import { type TestServer, startTestServer } from '../helpers/test-server';

/*
 * Apart from demo-data.test.ts: a test file gets its own modules, and the process-wide memory of
 * persisted effective artefacts (engine/server/src/metadata/effective.ts) must not carry the rows
 * of another test database into this one.
 */
const logger = pino({ level: 'silent' });

const counts = (db: Db) => tableCounts(db);

describe('demo data on a database that is not empty', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.loadPack();
  });
  afterAll(() => server.close());

  it('leaves nothing behind when loading fails, then loads once the conflict is gone, once for two concurrent starts', async () => {
    // an account already holds a demo login: the load fails at that insert and rolls back entirely
    const squatter = await createUser(server.db, documentedLogins.chef_service, []);
    await expect(ensureDemoData(server.deps, logger)).rejects.toThrow();
    const after = await counts(server.db);
    expect(after).toMatchObject({ organisme: 0, establishment: 0, dossier: 0, placement: 0, app_setting: 0, account: 1, submission: 0 });
    expect(await server.db('audit_pending').whereRaw("event->>'action' in ('dossier.create', 'demo.load')").count('* as n').first()).toEqual({ n: '0' });

    await server.db('account').where({ id: squatter.id }).delete();
    expect(await Promise.all([ensureDemoData(server.deps, logger), ensureDemoData(server.deps, logger)])).toEqual([true, true]);
    const loaded = await counts(server.db);
    expect(loaded.organisme).toBe(1);
    expect(loaded.app_setting).toBe(1);
    expect(await server.db('audit_pending').whereRaw("event->>'action' = 'demo.load'").count('* as n').first()).toEqual({ n: '1' });
  });

  it('never adds demo data to a database that already holds a real organisation', async () => {
    const other = await startTestServer();
    try {
      await createOrganisation(other.db, 'Association réelle');
      expect(await ensureDemoData(other.deps, logger)).toBe(false);
      const c = await counts(other.db);
      expect(c).toMatchObject({ organisme: 1, dossier: 0, account: 0, app_setting: 0, submission: 0 });
      const health = await other.client().get('/api/health');
      expect(health.headers.get('x-cordee-demo')).toBeNull();
      expect(health.body.demoMode).toBe(false);
    } finally {
      await other.close();
    }
  });
});
