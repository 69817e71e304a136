import type { Knex } from 'knex';

/**
 * Habilitations, first slice:
 * - break-glass grants: access to one dossier beyond one's rules, with a reason, for at most four
 *   hours, reviewed afterwards by the direction or the data protection officer. Two grants of one
 *   account on one dossier never overlap in time; a grant is never reviewed by its holder;
 * - notifications to accounts (break-glass alerts first);
 * - the care team relation is read at each authentication (account, then dates).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table break_glass_access (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references account(id),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      reason text not null check (length(btrim(reason)) between 15 and 2000),
      started_at timestamptz not null,
      expires_at timestamptz not null,
      reviewed_at timestamptz,
      reviewed_by uuid references account(id),
      review_outcome text check (review_outcome in ('justified', 'unjustified')),
      review_comment text check (length(review_comment) <= 4000),
      check (expires_at > started_at and expires_at <= started_at + interval '240 minutes'),
      check ((reviewed_at is null) = (reviewed_by is null) and (reviewed_at is null) = (review_outcome is null)),
      check (reviewed_by <> account_id),
      constraint break_glass_access_no_overlap exclude using gist (account_id with =, dossier_id with =, tstzrange(started_at, expires_at) with &&)
    );
    comment on column break_glass_access.establishment_id is 'Where the dossier was followed when the grant was opened: who reviews it.';
    create index break_glass_access_started_idx on break_glass_access (started_at desc, id);
    create index break_glass_access_pending_idx on break_glass_access (started_at desc, id) where reviewed_at is null;
    create index break_glass_access_account_idx on break_glass_access (account_id, expires_at);

    create table notification (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references account(id) on delete cascade,
      kind text not null check (kind ~ '^[a-z][a-z_.]{0,63}$'),
      payload jsonb not null,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notification_account_idx on notification (account_id, created_at desc, id);

    create index care_team_member_account_dates_idx on care_team_member (account_id, start_date, end_date);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
