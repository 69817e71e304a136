import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings: a birth date is a calendar day, not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Db = Knex;
export type Tx = Knex.Transaction;

export function createDb(databaseUrl: string, options: { poolMax?: number; applicationName?: string } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: databaseUrl, application_name: options.applicationName ?? 'cordee' },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 10_000,
  });
}

/** True when the database answers a trivial query within the timeout. */
export async function databaseAnswers(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
