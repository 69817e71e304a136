import type { Knex } from 'knex';

/**
 * Profiles' rules are metadata now (artefacts of kind `profile`, versioned, with establishment
 * layers): the `profile` table keeps only the catalogue that assignments reference. The dossier
 * list filtered by establishment (the scope of most profiles) reads dossiers in name order within
 * one establishment instead of scanning the whole name index (issue 5 benchmark).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table profile drop column rules;
    comment on table profile is 'Catalogue of the profiles accounts may hold, following the latest published profile artefact of each key.';
    create index dossier_establishment_name_idx on dossier (establishment_id, birth_name, first_names, id);
    create index dossier_unit_name_idx on dossier (unit_id, birth_name, first_names, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index dossier_unit_name_idx;
    drop index dossier_establishment_name_idx;
    alter table profile add column rules jsonb not null default '[]'::jsonb;
  `);
}
