import type { Knex } from 'knex';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_audit';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Knex.Migration> = {
  '0001_foundation': m0001,
  '0002_audit': m0002,
};

/** A knex migration source over the static list above (no file-system scanning, works under tsx and jest alike). */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
