import type { Knex } from 'knex';

/**
 * - A portal account's link to a dossier says when it was opened and by whom (the account opened
 *   for a young person or a legal representative by the establishment; its revocation deletes
 *   the link, the audit keeps both).
 * - Processes started by a domain event (`cordee:startOnEvent` on the start event, ADR 0019): when
 *   a version of a workflow is published, the events its start event names replace those of its
 *   previous version here, so a write that raises the event finds the processes to start with
 *   one indexed read, in its own transaction, on any server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table account_dossier_link
      add column created_at timestamptz not null default now(),
      add column created_by uuid references account(id);

    create table workflow_event_trigger (
      workflow_key text not null,
      event text not null,
      version_id uuid not null references artefact_version(id),
      start_event_id text not null,
      primary key (workflow_key, event)
    );
    create index workflow_event_trigger_event_idx on workflow_event_trigger (event);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
