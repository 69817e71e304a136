import type { Knex } from 'knex';

/**
 * Documents, archive, capacity and reporting (Vague 2 PDE):
 * - a document is a PDF generated from a published template (exact version and effective hash)
 *   and the submission revisions it rendered; its bytes never change (only its status does); its
 *   signature trail is append-only (electronic, scanned paper with the scan as an attachment, or
 *   refused);
 * - an archived dossier is sealed: any write to it or to its records is refused by the database
 *   itself (SQLSTATE CD409, answered 409 DOSSIER_ARCHIVED), whichever route or worker tries it;
 * - an archive package (zip with a signed manifest) is kept for transmission to the CD;
 * - the places of a unit are described for the capacity spreadsheet of the CD (§ 8.1);
 * - reporting events hold codes, days, bands and numbers only: no column can take free text.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table document (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      unit_id uuid references unit(id),
      template_kind text not null default 'template' check (template_kind = 'template'),
      template_key text not null,
      template_version_id uuid not null references artefact_version(id),
      template_version text not null,
      template_hash char(64) not null references effective_artefact(hash),
      title text not null check (length(title) between 1 and 300),
      sources jsonb not null default '[]'::jsonb,
      media_type text not null check (media_type = 'application/pdf'),
      size_bytes integer not null check (size_bytes > 0),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      status text not null check (status in ('awaiting_signatures', 'final')),
      expected_signatories text[] not null default '{}',
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes),
      check (expected_signatories <@ array['professional', 'young_person', 'legal_representative']::text[]),
      foreign key (template_kind, template_key) references artefact (kind, key)
    );
    create index document_dossier_idx on document (dossier_id, created_at desc, id desc);

    create function document_bytes_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or new.content is distinct from old.content or new.sha256 is distinct from old.sha256
        or new.dossier_id is distinct from old.dossier_id or new.template_hash is distinct from old.template_hash or new.sources is distinct from old.sources then
        raise exception 'a generated document never changes' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;
    create trigger document_no_change before update or delete on document
      for each row execute function document_bytes_immutable();

    create table document_signature (
      id uuid primary key default gen_random_uuid(),
      document_id uuid not null references document(id),
      role text not null check (role in ('professional', 'young_person', 'legal_representative')),
      mode text not null check (mode in ('electronic', 'scanned_paper', 'refused')),
      signatory_name text not null check (length(btrim(signatory_name)) between 1 and 200),
      signatory_account_id uuid references account(id),
      scan_attachment_id uuid references attachment(id),
      comment text check (length(comment) <= 2000),
      signed_at timestamptz not null,
      recorded_by uuid references account(id),
      recorded_at timestamptz not null default now(),
      check ((mode = 'scanned_paper') = (scan_attachment_id is not null)),
      check (mode <> 'electronic' or signatory_account_id is not null),
      check (mode <> 'refused' or length(btrim(comment)) > 0)
    );
    create index document_signature_document_idx on document_signature (document_id, recorded_at);
    create unique index document_signature_electronic_once_idx on document_signature (document_id, role, signatory_account_id) where mode = 'electronic';

    create function document_signature_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the signature trail is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger document_signature_no_change before update or delete on document_signature
      for each row execute function document_signature_append_only();

    create table archive_package (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      status text not null check (status in ('prepared', 'sealed')),
      filename text not null,
      size_bytes integer not null check (size_bytes > 0),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      files integer not null check (files > 0),
      public_key text not null,
      created_by uuid references account(id),
      created_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes)
    );
    create index archive_package_dossier_idx on archive_package (dossier_id, created_at desc);
    create unique index archive_package_sealed_once_idx on archive_package (dossier_id) where status = 'sealed';

    create function refuse_write_when_archived() returns trigger language plpgsql as $$
    declare target uuid;
    begin
      if tg_table_name = 'dossier' then
        if old.status = 'archived' then
          raise exception 'dossier % is archived', old.id using errcode = 'CD409';
        end if;
        return coalesce(new, old);
      end if;
      if tg_table_name = 'document_signature' then
        select dossier_id into target from document where id = new.document_id;
      elsif tg_op = 'DELETE' then
        target := old.dossier_id;
      else
        target := new.dossier_id;
      end if;
      if exists (select 1 from dossier where id = target and status = 'archived') then
        raise exception 'dossier % is archived', target using errcode = 'CD409';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger dossier_sealed before update or delete on dossier for each row execute function refuse_write_when_archived();
    create trigger submission_sealed before insert or update or delete on submission for each row execute function refuse_write_when_archived();
    create trigger placement_sealed before insert or update or delete on placement for each row execute function refuse_write_when_archived();
    create trigger care_team_member_sealed before insert or update or delete on care_team_member for each row execute function refuse_write_when_archived();
    create trigger attachment_sealed before insert or update or delete on attachment for each row execute function refuse_write_when_archived();
    create trigger document_sealed before insert on document for each row execute function refuse_write_when_archived();
    create trigger document_signature_sealed before insert on document_signature for each row execute function refuse_write_when_archived();

    alter table unit
      add column place_type text check (place_type in ('Internat complet', 'Internat modulable/séquentiel', 'Habitat diffus', 'Semi-autonomie / studio', 'Accueil de jour', 'Accueil d’urgence', 'Placement familial', 'Accueil mère-enfant', 'Placement éducatif à domicile', 'Lieu de vie')),
      add column age_min integer check (age_min between 0 and 25),
      add column age_max integer check (age_max between 0 and 25),
      add column place_sex text check (place_sex in ('F', 'M', 'Mixte')),
      add column accueil_ph boolean not null default false,
      add column accueil_mna boolean not null default false,
      add column accueil_renforce text[] not null default '{}'
        check (accueil_renforce <@ array['Autisme', 'Troubles du comportement', 'Troubles psychiques / soins', 'Handicap moteur', 'Polyhandicap', 'Fratrie', 'Mère mineure', 'Autre']::text[]),
      add constraint unit_age_range check (age_min is null or age_max is null or age_min <= age_max);
    comment on column unit.place_type is 'Type of the places of the unit, for the capacity spreadsheet of the Conseils départementaux (pde-domain.md § 8.1).';

    create table reporting_event (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('admission', 'exit', 'incident', 'grid_completed', 'document_generated', 'document_signed', 'dossier_archived', 'capacity_exported')),
      establishment_id uuid not null references establishment(id),
      day date not null,
      age_band text check (age_band in ('0-2', '3-5', '6-10', '11-14', '15-17', '18-20', '21+')),
      legal_basis text check (legal_basis in ('accueil_provisoire', 'assistance_educative', 'delegation_autorite_parentale', 'tutelle', 'penal_mineurs', 'jeune_majeur', 'aemo', 'mjie')),
      artefact_kind text check (artefact_kind in ('form', 'grid', 'template')),
      artefact_key text,
      signature_mode text check (signature_mode in ('electronic', 'scanned_paper', 'refused')),
      signatory_role text check (signatory_role in ('professional', 'young_person', 'legal_representative')),
      value numeric,
      recorded_at timestamptz not null default now(),
      check ((artefact_kind is null) = (artefact_key is null)),
      foreign key (artefact_kind, artefact_key) references artefact (kind, key)
    );
    comment on table reporting_event is 'Activity statistics: codes, days, bands and numbers only. No column can hold a name or free text (artefact keys must exist).';
    create index reporting_event_day_idx on reporting_event (establishment_id, day, kind);

    create function reporting_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'reporting events are append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger reporting_event_no_change before update or delete on reporting_event
      for each row execute function reporting_event_append_only();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
