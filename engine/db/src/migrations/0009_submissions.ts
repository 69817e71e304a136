import type { Knex } from 'knex';

/**
 * Forms data. A submission is the head of a chain of immutable revisions: each revision keeps the
 * answers, the server-computed values and grid results, the answers an upgrade could not carry,
 * and the exact published version and effective artefact (version + local layers) it was
 * validated with. Attachments are stored in the database with their SHA-256.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table submission (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      form_kind text not null check (form_kind in ('form', 'grid')),
      form_key text not null,
      status text not null check (status in ('draft', 'final')),
      current_revision integer not null default 1 check (current_revision >= 1),
      lock_version integer not null default 1,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (form_kind, form_key) references artefact (kind, key)
    );
    comment on column submission.establishment_id is 'Where the dossier was followed at capture: whose local layers the form had.';
    create index submission_dossier_idx on submission (dossier_id, created_at desc, id desc);
    create index submission_dossier_form_idx on submission (dossier_id, form_key, status, created_at desc);

    create table submission_revision (
      submission_id uuid not null references submission(id),
      revision integer not null check (revision >= 1),
      status text not null check (status in ('draft', 'final')),
      data jsonb not null,
      computed jsonb not null,
      grid_result jsonb,
      carried jsonb not null,
      form_version_id uuid not null references artefact_version(id),
      effective_hash char(64) not null references effective_artefact(hash),
      diff jsonb not null,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      primary key (submission_id, revision)
    );

    create function submission_revision_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'submission revisions are immutable' using errcode = 'insufficient_privilege';
    end $$;
    create trigger submission_revision_no_change before update or delete on submission_revision
      for each row execute function submission_revision_immutable();

    create table attachment (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      filename text not null check (length(filename) between 1 and 255),
      media_type text not null,
      size_bytes integer not null check (size_bytes >= 0),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes)
    );
    create index attachment_dossier_idx on attachment (dossier_id, created_at desc);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
