import type { Db } from './connection';
import { migrationSource } from './migrations';

/** Brings the schema up to date. Safe to call from several instances at once (knex takes a lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource, tableName: 'schema_migration' })) as [number, string[]];
  return applied;
}
