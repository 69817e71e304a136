import type { Knex } from 'knex';

/**
 * Metadata artefacts (forms, grids, workflows, profiles, templates): a mutable draft, immutable
 * published versions, layer overlays (organisme, établissement), and content-addressed effective
 * artefacts so that anything captured with one can be shown and re-validated with it forever.
 * Definitions are stored as `json`, not `jsonb`: jsonb reorders object keys, and the order of a
 * form's properties is the order its fields are shown in.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table artefact (
      kind text not null check (kind in ('form', 'grid', 'workflow', 'profile', 'template')),
      key text not null check (key ~ '^[a-z][a-z0-9]*([_-][a-z0-9]+)*$'),
      created_at timestamptz not null default now(),
      primary key (kind, key)
    );

    create table artefact_draft (
      kind text not null,
      key text not null,
      content json not null,
      revision integer not null default 1,
      updated_at timestamptz not null default now(),
      updated_by uuid references account(id),
      primary key (kind, key),
      foreign key (kind, key) references artefact (kind, key)
    );

    create table artefact_version (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      key text not null,
      version text not null,
      major integer not null,
      minor integer not null,
      patch integer not null,
      content_hash char(64) not null,
      content json not null,
      report jsonb not null,
      published_at timestamptz not null default now(),
      published_by uuid references account(id),
      unique (kind, key, version),
      foreign key (kind, key) references artefact (kind, key)
    );
    create index artefact_version_latest_idx on artefact_version (kind, key, major desc, minor desc, patch desc);

    create function artefact_version_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'published artefact versions are immutable' using errcode = 'insufficient_privilege';
    end $$;
    create trigger artefact_version_no_change before update or delete on artefact_version
      for each row execute function artefact_version_immutable();

    create table overlay (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      key text not null,
      layer text not null check (layer in ('organisme', 'establishment')),
      organisme_id uuid references organisme(id),
      establishment_id uuid references establishment(id),
      base_version text not null,
      operations json not null,
      description text,
      revision integer not null default 1,
      content_hash char(64) not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references account(id),
      foreign key (kind, key) references artefact (kind, key),
      check ((layer = 'organisme') = (organisme_id is not null) and (layer = 'establishment') = (establishment_id is not null))
    );
    create unique index overlay_target_idx on overlay (kind, key, layer, coalesce(organisme_id, establishment_id));

    create table overlay_revision (
      overlay_id uuid not null references overlay(id),
      revision integer not null,
      base_version text not null,
      operations json not null,
      content_hash char(64) not null,
      saved_at timestamptz not null default now(),
      saved_by uuid references account(id),
      primary key (overlay_id, revision)
    );

    create table effective_artefact (
      hash char(64) primary key,
      kind text not null,
      key text not null,
      base_version_id uuid not null references artefact_version(id),
      layers jsonb not null,
      content json not null,
      conflicts jsonb not null,
      created_at timestamptz not null default now()
    );

    create table metadata_generation (
      id smallint primary key check (id = 1),
      generation bigint not null
    );
    insert into metadata_generation values (1, 0);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
