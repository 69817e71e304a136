import type { Tx } from '@cordee/db';

const CHUNK = 1_000;

/** What the engine does not date for demo processes: when each was started and each task created or completed (rows are dated now when written). */
export interface DemoProcessDates {
  instances: ReadonlyArray<{ id: string; at: string }>;
  tasks: ReadonlyArray<{ id: string; createdAt: string; completedAt: string | null }>;
}

async function update(trx: Tx, table: string, assignments: string, types: string[], rows: ReadonlyArray<ReadonlyArray<string | null>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.map(() => `(${types.map((t) => `?::${t}`).join(', ')})`).join(', ');
    await trx.raw(`update ${table} t set ${assignments} from (values ${values}) as v(${types.map((_, j) => `c${j}`).join(', ')}) where t.id = v.c0`, chunk.flat());
  }
}

/**
 * Dates the demo processes' rows as their steps stand for (the history keeps the load time: it is
 * append-only), and saves the engine state whose duration timers were aged. One statement per
 * thousand rows.
 */
export async function backdateDemoProcesses(trx: Tx, dates: DemoProcessDates): Promise<void> {
  await update(trx, 'process_instance', 'started_at = v.c1', ['uuid', 'timestamptz'], dates.instances.map((r) => [r.id, r.at]));
  await update(trx, 'user_task', 'created_at = v.c1, completed_at = coalesce(v.c2, t.completed_at)', ['uuid', 'timestamptz', 'timestamptz'], dates.tasks.map((r) => [r.id, r.createdAt, r.completedAt]));
}

/** Saves a demo instance's state whose duration timers were aged, and brings its next due date forward to the earliest of them. */
export async function saveAgedState(trx: Tx, instanceId: string, state: unknown, earliest: Date): Promise<void> {
  await trx('process_instance')
    .where({ id: instanceId })
    .update({ state: JSON.stringify(state), due_at: trx.raw('least(due_at, ?::timestamptz)', [earliest.toISOString()]) });
}

/** The saved engine state of an instance (to age its duration timers). */
export async function instanceState(trx: Tx, instanceId: string): Promise<unknown> {
  return (await trx('process_instance').where({ id: instanceId }).first('state'))?.state ?? null;
}
