import type { Logger } from 'pino';
import type { Db } from '@cordee/db';

/** Placeholder until the demo generator lands: reports whether demo data is present. */
export async function ensureDemoData(db: Db, _logger: Logger): Promise<boolean> {
  const row = await db('app_setting').where({ key: 'demo_data' }).first('value');
  return Boolean(row);
}
