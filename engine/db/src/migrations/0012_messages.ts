import type { Knex } from 'knex';

/**
 * Internal secure messaging (Ségur COO-5, RU-1): staff to staff, staff to the young person or
 * their legal representative through the portal, and their replies. A message is written once
 * and never changed; each recipient has their own row with the moment they read it. Inbox
 * queries read the recipient rows by account, newest first: `created_at` is copied there so the
 * index serves the order and the keyset cursor.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table message (
      id uuid primary key,
      sender_account_id uuid not null references account(id),
      subject text not null check (length(subject) between 1 and 200),
      body text not null check (length(body) between 1 and 10000),
      dossier_id uuid references dossier(id),
      reply_to_id uuid references message(id),
      thread_id uuid not null references message(id),
      created_at timestamptz not null default now(),
      check ((reply_to_id is null) = (thread_id = id))
    );
    create index message_sender_idx on message (sender_account_id, created_at desc, id desc);
    create index message_dossier_idx on message (dossier_id, created_at desc) where dossier_id is not null;
    create index message_thread_idx on message (thread_id, created_at);

    create table message_recipient (
      message_id uuid not null references message(id),
      account_id uuid not null references account(id),
      created_at timestamptz not null,
      read_at timestamptz,
      primary key (message_id, account_id)
    );
    create index message_recipient_inbox_idx on message_recipient (account_id, created_at desc, message_id desc);
    create index message_recipient_unread_idx on message_recipient (account_id, created_at desc, message_id desc) where read_at is null;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
