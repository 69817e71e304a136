import type { Knex } from 'knex';

/**
 * Audit hardening and the access-log policy:
 * - TRUNCATE of one partition does not fire the statement trigger of `audit_log`: every existing
 *   partition gets its own (the sealer adds it to the partitions it creates);
 * - the chain head may only move forward, and cannot be deleted or truncated, so the tail of
 *   the chain cannot be cut without disabling triggers;
 * - the audit trail can be filtered by account;
 * - each establishment decides whether the access log shown to the usager and their legal
 *   representatives names the staff members (it always shows their profile).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    do $$
    declare part regclass;
    begin
      for part in select inhrelid::regclass from pg_inherits where inhparent = 'audit_log'::regclass loop
        execute format('create trigger audit_log_partition_no_truncate before truncate on %s for each statement execute function audit_log_append_only()', part);
      end loop;
    end $$;

    create function audit_chain_head_forward_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.seq >= old.seq then
        return new;
      end if;
      raise exception 'audit_chain_head only moves forward' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_chain_head_forward before update or delete on audit_chain_head
      for each row execute function audit_chain_head_forward_only();
    create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
      for each statement execute function audit_chain_head_forward_only();

    create index audit_log_actor_idx on audit_log (actor_account_id, occurred_at desc);

    alter table establishment add column access_log_shows_staff_names boolean not null default true;
    comment on column establishment.access_log_shows_staff_names is
      'The access log given to the usager and their legal representatives names the staff members (else only their profile).';
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
