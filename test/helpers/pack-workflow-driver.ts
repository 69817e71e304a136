/**
 * Drives the pack's workflows over HTTP in tests: start an instance, read it, find its open tasks,
 * look at inboxes and notifications, and make time pass. Time is simulated by moving the
 * instance's persisted instants (engine timers, next due date, open task deadlines) into the past
 * before a scheduler round, as after a downtime.
 */
import { packExamples } from '@cordee/seeds/src/pack-examples';
import type { HttpClient } from './http-client';
import type { TestServer } from './test-server';
import type { WorkflowUser, WorkflowWorld } from './workflow-world';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface PackWorkflowDriver {
  start(client: HttpClient, workflow: string, dossier: string, variables?: Record<string, unknown>): Promise<any>;
  instanceOf(id: string): Promise<any>;
  candidateInbox(user: WorkflowUser): Promise<string[]>;
  notificationsOf(user: WorkflowUser, instanceId: string): Promise<any[]>;
  /** Moves every persisted instant of the instance `ms` into the past. */
  elapse(instanceId: string, ms: number): Promise<void>;
  /** Time passes until just after the instance's next due date; then the scheduler makes its round. */
  untilDue(instanceId: string): Promise<void>;
  /** The job worker makes rounds (a retry waits for its backoff) until the instance's external task is done; returns its job row. */
  untilJobDone(instanceId: string): Promise<any>;
}

/** The open task of an instance at `elementId`, if any. */
export const openTask = (instance: any, elementId: string) => instance.tasks.find((t: any) => t.elementId === elementId && t.status === 'open');

/** The pack's example answer of a form, with some answers replaced. */
export const example = (key: string, overrides: Record<string, unknown> = {}) => ({ ...structuredClone(packExamples[key] as Record<string, unknown>), ...overrides });

/** `kind:elementId` of each step of an instance's history. */
export const historyOf = (instance: any): string[] => instance.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`);

export function packWorkflowDriver(server: TestServer, world: WorkflowWorld, reader: WorkflowUser = 'chefA'): PackWorkflowDriver {
  const instanceOf = async (id: string) => (await (await world.as(reader)).get(`/api/processes/${id}`)).body;
  const elapse = async (instanceId: string, ms: number) => {
    const shift = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(shift);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (k === 'expireAt' || k === 'startedAt') && typeof v === 'string' ? new Date(Date.parse(v) - ms).toISOString() : shift(v)]));
    };
    const row = await server.db('process_instance').where({ id: instanceId }).first('state');
    const interval = `${ms} milliseconds`;
    await server.db('process_instance').where({ id: instanceId }).update({ state: JSON.stringify(shift(row.state)), due_at: server.db.raw('due_at - ?::interval', [interval]) });
    await server.db('user_task').where({ instance_id: instanceId, status: 'open' }).whereNotNull('due_at').update({ due_at: server.db.raw('due_at - ?::interval', [interval]) });
  };
  return {
    async start(client, workflow, dossier, variables) {
      const response = await client.post('/api/processes', { workflow, dossier, ...(variables ? { variables } : {}) });
      if (response.status !== 201) throw new Error(`start of ${workflow} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    instanceOf,
    candidateInbox: async (user) => ((await (await world.as(user)).get('/api/tasks?scope=candidate')).body.items as any[]).map((t) => t.id),
    notificationsOf: async (user, instanceId) => ((await (await world.as(user)).get('/api/notifications')).body.items as any[]).filter((n) => n.payload.instanceId === instanceId),
    elapse,
    async untilJobDone(instanceId) {
      const { jobs } = world.workers();
      for (let round = 0; round < 50; round++) {
        await jobs.runOnce();
        const job = await server.db('workflow_job').where({ instance_id: instanceId }).orderBy('created_at', 'desc').first();
        if (job?.status === 'done') return job;
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      throw new Error(`the external task of instance ${instanceId} did not get done`);
    },
    async untilDue(instanceId) {
      const { dueAt } = await instanceOf(instanceId);
      if (dueAt === null) throw new Error(`instance ${instanceId} has nothing due`);
      await elapse(instanceId, Date.parse(dueAt) - Date.now() + 60_000);
      await world.workers().scheduler.runOnce();
    },
  };
}
