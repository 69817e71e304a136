/**
 * A task completed without a transaction (docs/adr/0021-optimistic-task-completion.md): ONE
 * statement writes the task's record, the completion, the instance, the next task, the history and
 * the audit events — or nothing at all when the instance moved on since it was read, when the task
 * changed hands, or when the record's form starts a process. Then the transactional completion
 * takes over and decides; the answers the user sees are the same.
 */
import { randomUUID } from 'node:crypto';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { type FirstRevisionWrite, type StepWrite, writeStep } from '@cordee/db';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

const stepForm = {
  title: 'Point d’étape',
  schema: {
    type: 'object',
    required: ['avis'],
    properties: { avis: { type: 'string', title: 'Avis', enum: ['favorable', 'reserve'], 'x-cordee-enumLabels': { favorable: 'Favorable', reserve: 'Réservé' } } },
  },
  uiSchema: {},
};

describe('a step written by one statement', () => {
  let server: TestServer;
  let world: WorkflowWorld;
  let chef: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    world = await workflowWorld(server, 'etape');
    const quality = await qualityManager(server, 'etape.rq');
    expect(await quality.publish('forms', 'etape-point', stepForm)).toBe('1.0.0');
    expect((await world.publishWorkflow('etape-parcours', linearProcess({ processId: 'etape_parcours', tasks: 3, form: 'etape-point', candidates: ['chef_service'] }))).status).toBe(201);
    chef = await world.as('chefA');
  });
  afterAll(() => server.close());

  async function started(): Promise<{ instanceId: string; taskId: string }> {
    const response = await chef.post('/api/processes', { workflow: 'etape-parcours', dossier: await world.dossier() });
    expect(response.status).toBe(201);
    return { instanceId: response.body.id, taskId: response.body.tasks[0].id };
  }

  /** What the statement of a completion of the instance's first task would write, read from the database as the server reads it. */
  async function completionOf(instanceId: string, taskId: string, overrides: { lockVersion?: number; assigneeId?: string | null; formKey?: string } = {}): Promise<StepWrite & { submission: FirstRevisionWrite }> {
    const instance = await server.db('process_instance').where({ id: instanceId }).first();
    const task = await server.db('user_task').where({ id: taskId }).first();
    const version = await server.db('artefact_version').where({ kind: 'form', key: 'etape-point' }).first('id');
    const submissionId = randomUUID();
    const nextTaskId = randomUUID();
    const audit = (action: string, targetId: string) => ({ action, targetType: 'test', targetId, dossierId: instance.dossier_id, establishmentId: instance.establishment_id, actorAccountId: world.users.chefA.id, actorProfile: 'chef_service', requestId: 'test', purpose: null, ip: null, outcome: 'success' as const, detail: null });
    return {
      instanceId,
      change: { status: 'running', position: ['tache_2'], dueAt: null, variables: { avis: 'favorable' }, state: JSON.stringify({ test: true }), engineVersion: 'test', lockVersion: overrides.lockVersion ?? instance.lock_version },
      completedTask: { id: taskId, accountId: world.users.chefA.id, submissionId, output: {}, assigneeId: overrides.assigneeId === undefined ? task.assignee_id : overrides.assigneeId },
      tasks: [{ id: nextTaskId, instanceId, elementId: 'tache_2', executionId: `tache_2_${randomUUID()}`, name: 'Tâche 2', dossierId: instance.dossier_id, establishmentId: instance.establishment_id, formKind: 'form', formKey: 'etape-point', candidateProfiles: ['chef_service'], dueAt: null }],
      history: [
        { kind: 'task.completed', elementId: 'tache_1', executionId: task.execution_id, accountId: world.users.chefA.id, detail: { taskId } },
        { kind: 'task.created', elementId: 'tache_2', detail: { taskId: nextTaskId }, createdTaskId: nextTaskId },
      ],
      audit: audit('task.complete', taskId),
      submission: {
        submission: { id: submissionId, dossierId: instance.dossier_id, establishmentId: instance.establishment_id, unitId: null, formKind: 'form', formKey: overrides.formKey ?? 'etape-point', status: 'final', createdBy: world.users.chefA.id },
        revision: { status: 'final', data: { avis: 'favorable' }, computed: {}, gridResult: null, carried: [], formVersionId: version.id, effectiveHash: 'e'.repeat(64), diff: [], createdBy: world.users.chefA.id },
        effective: { hash: 'e'.repeat(64), kind: 'form', key: 'etape-point', base_version_id: version.id, layers: [], content: stepForm, conflicts: [] },
        audit: audit('submission.create', submissionId),
      },
    };
  }

  /** Everything a completion writes, for the instance and the ids of a prepared statement. */
  async function footprint(instanceId: string, write: StepWrite & { submission: FirstRevisionWrite }) {
    return {
      instance: await server.db('process_instance').where({ id: instanceId }).first('lock_version', 'position', 'status'),
      tasks: await server.db('user_task').where({ instance_id: instanceId }).orderBy('created_at').select('id', 'status', 'submission_id'),
      history: Number((await server.db('process_history').where({ instance_id: instanceId }).count({ n: '*' }).first())!.n),
      submission: await server.db('submission').where({ id: write.submission.submission.id }).first(),
      pending: await server.db('audit_pending').whereRaw(`event->>'targetId' in (?, ?)`, [write.completedTask!.id, write.submission.submission.id]).count({ n: '*' }).first(),
    };
  }

  it('writes the record, the completion, the instance, the next task, the history and both audit events at once', async () => {
    const { instanceId, taskId } = await started();
    const write = await completionOf(instanceId, taskId);
    const before = await footprint(instanceId, write);
    const written = await writeStep(server.db, write, { alone: true });
    expect(written).toMatchObject({ written: true, taskCompleted: true, createdTaskIds: [write.tasks[0]!.id] });
    expect(written.record?.submission).toMatchObject({ id: write.submission.submission.id, currentRevision: 1, lockVersion: 1 });
    const after = await footprint(instanceId, write);
    expect(after.instance).toEqual({ lock_version: before.instance.lock_version + 1, position: ['tache_2'], status: 'running' });
    expect(after.tasks).toEqual([
      { id: taskId, status: 'completed', submission_id: write.submission.submission.id },
      { id: write.tasks[0]!.id, status: 'open', submission_id: null },
    ]);
    expect(after.history).toBe(before.history + 2);
    expect(after.submission).toBeDefined();
    expect(after.pending).toEqual({ n: '2' });
  });

  it('writes nothing at all when the instance moved on since it was read', async () => {
    const { instanceId, taskId } = await started();
    const current = await server.db('process_instance').where({ id: instanceId }).first('lock_version');
    const write = await completionOf(instanceId, taskId, { lockVersion: current.lock_version - 1 });
    const before = await footprint(instanceId, write);
    expect(await writeStep(server.db, write, { alone: true })).toMatchObject({ written: false, taskCompleted: false, createdTaskIds: [], record: null });
    expect(await footprint(instanceId, write)).toEqual(before);
    expect(before.submission).toBeUndefined();
  });

  it('writes nothing at all when the task changed hands since it was read', async () => {
    const { instanceId, taskId } = await started();
    const write = await completionOf(instanceId, taskId);
    // claimed by the director between the read and the write
    await server.db('user_task').where({ id: taskId }).update({ assignee_id: world.users.dirA.id });
    const before = await footprint(instanceId, write);
    expect((await writeStep(server.db, write, { alone: true })).written).toBe(false);
    expect(await footprint(instanceId, write)).toEqual(before);
  });

  it('writes nothing without a transaction when the record’s form starts a process, and all of it inside one', async () => {
    const trigger = { processId: 'etape_declenche', tasks: 1, form: 'etape-point', candidates: ['chef_service'] };
    const xml = linearProcess(trigger).replace('<bpmn:startEvent id="debut"', '<bpmn:startEvent id="debut" cordee:startOnForm="etape-point"');
    expect((await world.publishWorkflow('etape-declenche', xml)).status).toBe(201);
    try {
      const { instanceId, taskId } = await started();
      const write = await completionOf(instanceId, taskId);
      const before = await footprint(instanceId, write);
      expect((await writeStep(server.db, write, { alone: true })).written).toBe(false);
      expect(await footprint(instanceId, write)).toEqual(before);
      // in a transaction, the caller starts the processes the form starts: the statement writes
      const inTx = await server.db.transaction((trx) => writeStep(trx, write));
      expect(inTx.written).toBe(true);
      expect((await footprint(instanceId, write)).submission).toBeDefined();
    } finally {
      await server.db('workflow_form_trigger').where({ workflow_key: 'etape-declenche' }).delete();
    }
  });

  it('answers a completion over HTTP as before: next task, one submission, then 409 for the same task', async () => {
    const { instanceId, taskId } = await started();
    const done = await chef.post(`/api/tasks/${taskId}/complete`, { data: { avis: 'reserve' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ taskId, instance: { id: instanceId, status: 'running', position: ['tache_2'] }, nextTasks: [{ name: 'Tâche 2' }] });
    const again = await chef.post(`/api/tasks/${taskId}/complete`, { data: { avis: 'reserve' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_NOT_OPEN');
    expect(await server.db('submission').where({ form_key: 'etape-point', dossier_id: (await server.db('process_instance').where({ id: instanceId }).first()).dossier_id }).count({ n: '*' }).first()).toEqual({ n: '1' });
    await server.sealAudit();
    const events = await server.db('audit_log').where({ target_id: taskId }).select('action', 'detail');
    expect(events).toEqual([expect.objectContaining({ action: 'task.complete', detail: expect.objectContaining({ instanceId, position: ['tache_2'] }) })]);
  });
});
