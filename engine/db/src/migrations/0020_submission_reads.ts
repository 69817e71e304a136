import type { Knex } from 'knex';

/**
 * Read receipts of submissions (Ségur ACC-2, COO-3: staff on shift see which transmissions of
 * their unit they have not read yet, the encadrement sees who read an important one). One row per
 * reader and submission, with the revision they read and when: a later revision by someone else
 * makes the submission unread again. Feeds test "read by me" by (submission, account): the
 * primary key serves it; the list of readers of one submission reads the same key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table submission_read (
      submission_id uuid not null references submission(id),
      account_id uuid not null references account(id),
      revision integer not null check (revision >= 1),
      read_at timestamptz not null default now(),
      primary key (submission_id, account_id)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
