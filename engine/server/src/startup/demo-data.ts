import type { Logger } from 'pino';
import { localDate } from '@cordee/core';
import { type Db, type Tx, recordAudit } from '@cordee/db';
import { DEMO_PASSWORD, generateDemoData, generateDemoProcesses, generateDemoRecords, loadDemoData } from '@cordee/seeds';
import { hashPassword } from '../auth/passwords';
import type { AppDeps } from '../deps';
import { demoDeps, storeDemoProcesses } from './demo-processes';
import { storeDemoRecords } from './demo-records';

export const DEMO_DATA_SETTING = 'demo_data';
const DEMO_LOCK = 727_003;

/** The database holds the demo organisation (its accounts have published passwords): demo mode, whatever the settings. */
export async function holdsDemoData(db: Db | Tx): Promise<boolean> {
  return Boolean(await db('app_setting').where({ key: DEMO_DATA_SETTING }).first('key'));
}

/**
 * Loads the fictional demo organisation once, on the first start of an empty database, and says
 * whether the database holds demo data: the organisation, then the answers of its dossiers on the
 * pack's forms and grids, stored as the API stores them (the pack must be published first), and the
 * processes running for them, started and moved on through the engine's services. One
 * transaction under an advisory lock: two instances starting together load it once, and a failure
 * leaves nothing behind. A database that already holds an organisation never receives demo data.
 */
export async function ensureDemoData(deps: AppDeps, logger: Logger): Promise<boolean> {
  const { db } = deps;
  if (await holdsDemoData(db)) return true;
  const startedAt = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [DEMO_LOCK]);
    if (await holdsDemoData(trx)) return true;
    if (await trx('organisme').first('id')) {
      logger.info('demo data not loaded: the database already holds an organisation');
      return false;
    }
    const now = deps.clock.now();
    const data = generateDemoData({ today: localDate(now) });
    const { counts: loaded, ids } = await loadDemoData(trx, data, passwordHash);
    // the records a process step stands for are stored by that step, with the processes started on them
    const { processes, records } = generateDemoProcesses(data, generateDemoRecords(data));
    const inTx = demoDeps(deps, trx);
    const stored = await storeDemoRecords(inTx, trx, records, ids);
    const processesFrom = Date.now();
    const running = await storeDemoProcesses(inTx, processes, ids);
    logger.info({ ...running, ms: Date.now() - processesFrom }, 'demo processes started and moved on through the workflow engine');
    const counts = { ...loaded, submissions: stored + running.submissions, processes: running.processes, tasksCompleted: running.tasksCompleted, tasksClaimed: running.tasksClaimed };
    await trx('app_setting').insert({ key: DEMO_DATA_SETTING, value: JSON.stringify({ seed: data.seed, generatedFor: data.today, loadedAt: now.toISOString(), counts }) });
    await recordAudit(trx, {
      action: 'demo.load', targetType: null, targetId: null, dossierId: null, actorAccountId: null, actorProfile: 'system',
      establishmentId: null, requestId: null, purpose: 'first start', ip: null, outcome: 'success', detail: { seed: data.seed, ...counts },
    });
    logger.info({ ...counts, ms: Date.now() - startedAt }, 'demo data loaded (fictional organisation, see README for the demo accounts)');
    return true;
  });
}
