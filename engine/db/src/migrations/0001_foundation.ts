import type { Knex } from 'knex';

/** Organisation, accounts and sessions, dossiers with placements and care team. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create extension if not exists btree_gist;

    create table organisme (
      id uuid primary key default gen_random_uuid(),
      finess_juridique char(9) not null unique,
      name text not null check (length(name) between 1 and 300),
      created_at timestamptz not null default now()
    );

    create table establishment (
      id uuid primary key default gen_random_uuid(),
      organisme_id uuid not null references organisme(id),
      finess_geographique char(9) not null unique,
      name text not null check (length(name) between 1 and 300),
      type text not null,
      capacity integer check (capacity >= 0),
      created_at timestamptz not null default now()
    );
    create index establishment_organisme_idx on establishment (organisme_id);

    create table unit (
      id uuid primary key default gen_random_uuid(),
      establishment_id uuid not null references establishment(id),
      name text not null check (length(name) between 1 and 200),
      capacity integer check (capacity >= 0),
      created_at timestamptz not null default now(),
      unique (establishment_id, name)
    );

    create table profile (
      key text primary key,
      label text not null,
      kind text not null check (kind in ('staff', 'administration', 'usager')),
      rules jsonb not null default '[]'::jsonb
    );

    create table account (
      id uuid primary key default gen_random_uuid(),
      login text not null,
      display_name text not null,
      email text,
      password_hash text not null,
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_attempts integer not null default 0,
      locked_until timestamptz,
      totp_secret text,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz not null default now()
    );
    create unique index account_login_idx on account (lower(login));

    create table account_profile (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references account(id) on delete cascade,
      profile_key text not null references profile(key),
      organisme_id uuid references organisme(id),
      establishment_id uuid references establishment(id),
      unit_id uuid references unit(id),
      valid_from date not null default current_date,
      valid_to date,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index account_profile_account_idx on account_profile (account_id);

    create table session (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      account_id uuid not null references account(id) on delete cascade,
      current_establishment_id uuid references establishment(id),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index session_account_idx on session (account_id);

    create table login_attempt (
      id bigserial primary key,
      login text not null,
      ip text,
      succeeded boolean not null,
      at timestamptz not null default now()
    );
    create index login_attempt_ip_idx on login_attempt (ip, at);
    create index login_attempt_login_idx on login_attempt (lower(login), at);

    create sequence dossier_number_seq;

    create table dossier (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      birth_name text not null,
      used_name text,
      first_names text not null,
      used_first_name text,
      birth_date date not null,
      birth_place_code text not null,
      sex char(1) not null check (sex in ('F', 'M', 'I')),
      identity_status text not null default 'provisoire' check (identity_status in ('provisoire', 'recuperee', 'validee', 'qualifiee')),
      identity_document_type text,
      identity_checked_at timestamptz,
      ins_matricule text,
      ins_oid text,
      ins_retrieved_at timestamptz,
      status text not null default 'applicant' check (status in ('applicant', 'waiting', 'admitted', 'discharged', 'archived')),
      establishment_id uuid not null references establishment(id),
      unit_id uuid references unit(id),
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      lock_version integer not null default 0,
      check ((ins_matricule is null) = (ins_oid is null))
    );
    create index dossier_establishment_idx on dossier (establishment_id, status, birth_name, id);
    create index dossier_name_order_idx on dossier (birth_name, first_names, id);

    create table dossier_search_token (
      dossier_id uuid not null references dossier(id) on delete cascade,
      token text not null,
      primary key (dossier_id, token)
    );
    create index dossier_search_token_prefix_idx on dossier_search_token (token text_pattern_ops, dossier_id);

    create table identity_status_change (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      from_status text not null,
      to_status text not null,
      reason text,
      document_type text,
      changed_by uuid references account(id),
      changed_at timestamptz not null default now()
    );

    create table placement (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      unit_id uuid references unit(id),
      start_date date not null,
      end_date date,
      legal_basis text not null,
      decision_reference text,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date),
      exclude using gist (dossier_id with =, daterange(start_date, end_date, '[]') with &&)
    );
    create index placement_dossier_idx on placement (dossier_id, start_date desc);
    create index placement_establishment_idx on placement (establishment_id, start_date);

    create table care_team_member (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      account_id uuid not null references account(id),
      role text not null,
      start_date date not null,
      end_date date,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date)
    );
    create index care_team_dossier_idx on care_team_member (dossier_id);
    create index care_team_account_idx on care_team_member (account_id, dossier_id);

    create table account_dossier_link (
      account_id uuid not null references account(id) on delete cascade,
      dossier_id uuid not null references dossier(id),
      relation text not null check (relation in ('usager', 'legal_representative')),
      primary key (account_id, dossier_id)
    );

    create table app_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
