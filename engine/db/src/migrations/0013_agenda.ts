import type { Knex } from 'knex';

/**
 * The agenda reads events (submissions of the pack's `agenda-evenement` form) by day and by
 * participant, at their current revision: an expression index on the event day and a GIN index on
 * the participants (containment `@>` of `{ "compte_id": … }`), both partial to the revisions that
 * carry those answers, so "my week" and "the unit's week" do not scan every revision.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index submission_revision_event_day_idx on submission_revision ((data->>'date_evenement'), submission_id, revision)
      where data \\? 'date_evenement';
    create index submission_revision_participants_idx on submission_revision using gin ((data->'participants') jsonb_path_ops)
      where data \\? 'participants';
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
