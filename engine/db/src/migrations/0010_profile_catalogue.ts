import type { Knex } from 'knex';

/**
 * Profiles' rules are metadata now (artefacts of kind `profile`, versioned, with establishment
 * layers): the `profile` table keeps only the catalogue that assignments reference.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table profile drop column rules;
    comment on table profile is 'Catalogue of the profiles accounts may hold, following the latest published profile artefact of each key.';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table profile add column rules jsonb not null default '[]'::jsonb`);
}
