import type { Knex } from 'knex';

/**
 * Initial passwords are changed at first login: an account whose password was handed over by
 * someone else (a portal account opened by the establishment, a staff account created or reset by
 * an administrator) may do nothing but choose its own password until it has. Existing accounts
 * keep working as they did.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table account add column password_change_required boolean not null default false`);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
