import type { Knex } from 'knex';

/**
 * Processes started by a form (`cordee:startOnForm` on the start event): when a version of a
 * workflow is published, the forms its start event names replace those of its previous version
 * here, so storing a final submission finds the processes to start with one indexed read, in the
 * submission's transaction, on any server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table workflow_form_trigger (
      workflow_key text not null,
      form_key text not null,
      version_id uuid not null references artefact_version(id),
      start_event_id text not null,
      primary key (workflow_key, form_key)
    );
    create index workflow_form_trigger_form_idx on workflow_form_trigger (form_key);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
