import type { Knex } from 'knex';

/**
 * Two permission facts the rules need on records:
 * - a submission's audience (`submission.audience`): the value of the top-level field its form marks
 *   `x-cordee-audience` (a transmission's `visibilite`), at its current revision, so profile rules
 *   can restrict a record by it in SQL and in memory alike. The effective artefact keeps the name of
 *   that field (`audience_field`, derived once from its content); each new revision sets the
 *   submission's audience from its answers, whatever code path writes it. Existing submissions are
 *   backfilled from their current revision. Lists look up the effective artefacts of a form by key
 *   (index) to know, per version, which categories its fields fall under.
 * - the data categories a generated document actually rendered (`document.categories`): reading
 *   the document then requires reading each of them. NULL for documents generated before this
 *   migration, which stay readable as before (what they rendered was not recorded and cannot be
 *   recomputed: it depended on the rights of their creator at that time).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table effective_artefact add column audience_field text;
    create index effective_artefact_key_idx on effective_artefact (key, kind);

    create function form_audience_field(content json) returns text language sql immutable as $$
      select case when json_typeof(content->'schema'->'properties') = 'object' then
        (select p.key from json_each(content->'schema'->'properties') p
          where json_typeof(p.value) = 'object' and (p.value->>'x-cordee-audience') = 'true' order by p.key limit 1)
      end
    $$;
    create function effective_artefact_audience_field() returns trigger language plpgsql as $$
    begin
      new.audience_field := form_audience_field(new.content);
      return new;
    end $$;
    create trigger effective_artefact_audience before insert on effective_artefact
      for each row execute function effective_artefact_audience_field();
    update effective_artefact set audience_field = form_audience_field(content);

    alter table submission add column audience text check (length(audience) <= 100);
    comment on column submission.audience is 'Value of the field its form marks x-cordee-audience, at the current revision (profile rules restrict by it).';

    create function submission_audience_from_revision() returns trigger language plpgsql as $$
    declare
      field text;
      value text;
    begin
      select audience_field into field from effective_artefact where hash = new.effective_hash;
      if field is not null and jsonb_typeof(new.data->field) = 'string' then
        value := left(new.data->>field, 100);
      end if;
      update submission set audience = value where id = new.submission_id and audience is distinct from value;
      return null;
    end $$;
    create trigger submission_revision_audience after insert on submission_revision
      for each row execute function submission_audience_from_revision();

    alter table submission disable trigger submission_sealed;
    update submission s set audience = left(r.data->>e.audience_field, 100)
      from submission_revision r join effective_artefact e on e.hash = r.effective_hash
     where r.submission_id = s.id and r.revision = s.current_revision
       and e.audience_field is not null and jsonb_typeof(r.data->e.audience_field) = 'string';
    alter table submission enable trigger submission_sealed;

    alter table document add column categories text[];
    comment on column document.categories is 'Data categories the document rendered; NULL: generated before they were recorded.';

    create or replace function document_bytes_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or new.content is distinct from old.content or new.sha256 is distinct from old.sha256
        or new.dossier_id is distinct from old.dossier_id or new.template_hash is distinct from old.template_hash or new.sources is distinct from old.sources
        or new.categories is distinct from old.categories then
        raise exception 'a generated document never changes' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
