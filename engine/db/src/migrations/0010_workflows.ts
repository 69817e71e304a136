import type { Knex } from 'knex';

/**
 * Workflows. A process instance is pinned to the published workflow version it started with and
 * keeps bpmn-engine's saved state (without the definition source) beside the columns the server
 * queries: status, the next timer due, the current position and a lock version. User tasks are a
 * projection of the engine's wait states (the inbox never parses the state); jobs are the outbox
 * of external (service) tasks, run by a worker with retries and an idempotency key; incidents are
 * what an administrator must look at. The history is append-only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table process_instance (
      id uuid primary key default gen_random_uuid(),
      workflow_key text not null,
      definition_version_id uuid not null references artefact_version(id),
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      status text not null check (status in ('running', 'completed', 'cancelled', 'failed')),
      position text[] not null default '{}',
      due_at timestamptz,
      lock_version integer not null default 1,
      variables jsonb not null,
      state jsonb not null,
      engine_version text not null,
      started_by uuid references account(id),
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      ended_at timestamptz,
      cancel_reason text check (length(cancel_reason) <= 2000),
      check ((status in ('running', 'failed')) = (ended_at is null)),
      check ((status = 'cancelled') = (cancel_reason is not null))
    );
    create index process_instance_due_idx on process_instance (due_at) where status = 'running' and due_at is not null;
    create index process_instance_establishment_idx on process_instance (establishment_id, started_at desc, id desc);
    create index process_instance_dossier_idx on process_instance (dossier_id, started_at desc);

    create table user_task (
      id uuid primary key default gen_random_uuid(),
      instance_id uuid not null references process_instance(id),
      element_id text not null,
      execution_id text not null,
      name text not null,
      dossier_id uuid not null references dossier(id),
      establishment_id uuid not null references establishment(id),
      form_kind text check (form_kind in ('form', 'grid')),
      form_key text,
      candidate_profiles text[] not null default '{}',
      status text not null check (status in ('open', 'completed', 'cancelled')),
      assignee_id uuid references account(id),
      delegated_by uuid references account(id),
      due_at timestamptz,
      overdue_notified_at timestamptz,
      submission_id uuid references submission(id),
      output jsonb,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      completed_by uuid references account(id),
      unique (instance_id, execution_id),
      check ((status = 'completed') = (completed_at is not null)),
      check (delegated_by is null or assignee_id is not null)
    );
    create index user_task_open_establishment_idx on user_task (establishment_id, created_at) where status = 'open';
    create index user_task_assignee_idx on user_task (assignee_id) where status = 'open';
    create index user_task_due_idx on user_task (due_at) where status = 'open' and overdue_notified_at is null;
    create index user_task_instance_idx on user_task (instance_id);

    create table workflow_job (
      id uuid primary key default gen_random_uuid(),
      instance_id uuid not null references process_instance(id),
      element_id text not null,
      execution_id text not null,
      action text not null,
      idempotency_key text not null unique,
      input jsonb not null,
      status text not null check (status in ('pending', 'done', 'incident', 'cancelled')),
      attempts integer not null default 0,
      max_attempts integer not null check (max_attempts >= 1),
      next_run_at timestamptz not null default now(),
      lease_until timestamptz,
      last_error text,
      result jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index workflow_job_due_idx on workflow_job (next_run_at) where status = 'pending';
    create index workflow_job_instance_idx on workflow_job (instance_id);

    create table workflow_incident (
      id uuid primary key default gen_random_uuid(),
      instance_id uuid not null references process_instance(id),
      job_id uuid references workflow_job(id),
      element_id text,
      message text not null,
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid references account(id),
      resolution text check (resolution in ('retried', 'cancelled'))
    );
    create index workflow_incident_open_idx on workflow_incident (created_at desc) where resolved_at is null;
    create index workflow_incident_instance_idx on workflow_incident (instance_id);

    create table process_history (
      id bigint generated always as identity primary key,
      instance_id uuid not null references process_instance(id),
      kind text not null check (kind ~ '^[a-z]+(\\.[a-z_]+)+$'),
      element_id text,
      execution_id text,
      element_name text,
      account_id uuid references account(id),
      detail jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index process_history_instance_idx on process_history (instance_id, id);
    create unique index process_history_step_once_idx on process_history (instance_id, execution_id, kind) where execution_id is not null;

    create function process_history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'process history is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger process_history_no_change before update or delete on process_history
      for each row execute function process_history_append_only();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Cordée migrations are forward-only.');
}
