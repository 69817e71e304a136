import type { Knex } from 'knex';

/**
 * Audit: events are written to `audit_pending` inside the transaction of the access they record
 * (so an access and its trace commit together), then a single sealer moves them into the
 * hash-chained, append-only, month-partitioned `audit_log` (see ADR 0003).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_pending (
      id bigserial primary key,
      occurred_at timestamptz not null default clock_timestamp(),
      event jsonb not null
    );

    create table audit_log (
      seq bigint not null,
      occurred_at timestamptz not null,
      action text not null,
      target_type text,
      target_id text,
      dossier_id uuid,
      actor_account_id uuid,
      actor_profile text,
      establishment_id uuid,
      request_id text,
      purpose text,
      ip text,
      outcome text not null,
      detail jsonb,
      prev_hash char(64) not null,
      hash char(64) not null,
      primary key (occurred_at, seq)
    ) partition by range (occurred_at);
    create table audit_log_default partition of audit_log default;
    create index audit_log_seq_idx on audit_log (seq);
    create index audit_log_dossier_idx on audit_log (dossier_id, occurred_at desc);

    create table audit_chain_head (
      id smallint primary key check (id = 1),
      seq bigint not null,
      hash char(64) not null
    );
    insert into audit_chain_head (id, seq, hash) values (1, 0, repeat('0', 64));

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
