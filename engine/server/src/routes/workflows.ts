import { AppError, decodeCursor, encodeCursor, isUuid, localDate, validationError } from '@cordee/core';
import { getInstance, getUserTask, listHistory, listInbox, listIncidents, listInstances, loadUserContext, processColumns, recordAudit, tasksOfInstance, userTaskColumns } from '@cordee/db';
import type { ProcessCancelRequest } from '@cordee/metadata/generated/api/process-cancel-request';
import type { ProcessInstance } from '@cordee/metadata/generated/api/process-instance';
import type { ProcessList } from '@cordee/metadata/generated/api/process-list';
import type { ProcessListQuery } from '@cordee/metadata/generated/api/process-list-query';
import type { ProcessMigrateRequest } from '@cordee/metadata/generated/api/process-migrate-request';
import type { ProcessStartRequest } from '@cordee/metadata/generated/api/process-start-request';
import type { TaskAssignRequest } from '@cordee/metadata/generated/api/task-assign-request';
import type { TaskCompleteRequest } from '@cordee/metadata/generated/api/task-complete-request';
import type { TaskList } from '@cordee/metadata/generated/api/task-list';
import type { TaskListQuery } from '@cordee/metadata/generated/api/task-list-query';
import type { UserTask } from '@cordee/metadata/generated/api/user-task';
import type { WorkflowIncidentList } from '@cordee/metadata/generated/api/workflow-incident-list';
import type { WorkflowIncidentQuery } from '@cordee/metadata/generated/api/workflow-incident-query';
import type { AppDeps } from '../deps';
import { canOn, listFilter, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { cancelInstance, migrateInstance, retryIncident } from '../workflow/administration';
import { completeTask, startProcess } from '../workflow/process-service';
import { candidateKeys, processSubject, taskSubject } from '../workflow/subjects';
import { type AssignmentAction, changeAssignment } from '../workflow/task-assignment';
import { historyView, incidentView, summaryView, taskView } from '../workflow/views';

const PROCESS_TAGS = ['Processus'];
const TASK_TAGS = ['Tâches'];

/** The instance with its tasks, history and incidents, or 404 (also when the caller may not read it; the denial is audited). */
async function instanceView(deps: AppDeps, ctx: RequestContext, id: string): Promise<ProcessInstance> {
  const instance = await getInstance(deps.db, id);
  if (!instance) throw new AppError('NOT_FOUND');
  if (!canOn(ctx, 'read', 'ProcessInstance', processSubject(instance))) {
    await recordAudit(deps.db, auditEvent(ctx, { action: 'process.read', targetType: 'process_instance', targetId: id, dossierId: instance.dossierId, establishmentId: instance.establishmentId, outcome: 'denied' }));
    throw new AppError('NOT_FOUND');
  }
  const now = deps.clock.now();
  const [tasks, history, incidents] = await Promise.all([
    tasksOfInstance(deps.db, id),
    listHistory(deps.db, id),
    listIncidents(deps.db, { access: listFilter(ctx, 'read', 'ProcessInstance', processColumns), openOnly: false, instanceId: id, limit: 200 }),
  ]);
  await recordAudit(deps.db, auditEvent(ctx, { action: 'process.read', targetType: 'process_instance', targetId: id, dossierId: instance.dossierId, establishmentId: instance.establishmentId }));
  return {
    ...summaryView({ ...instance, openIncidents: incidents.filter((i) => !i.resolvedAt).length }),
    tasks: tasks.map((t) => taskView(t, now)),
    history: history.map(historyView),
    incidents: incidents.map(incidentView),
  };
}

function inboxCursor(cursor: string | undefined): [string, string, string] | undefined {
  if (cursor === undefined) return undefined;
  const [due, created, id] = decodeCursor(cursor, 3);
  if (typeof due !== 'string' || typeof created !== 'string' || typeof id !== 'string' || !isUuid(id) || Number.isNaN(Date.parse(created)) || (due !== 'infinity' && Number.isNaN(Date.parse(due)))) {
    throw validationError([{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }]);
  }
  return [due, created, id];
}

function assignmentRoute(deps: AppDeps, action: AssignmentAction, summary: string, withTarget: boolean): RouteSpec {
  return route<TaskAssignRequest>({
    method: 'post',
    path: `/api/tasks/:id/${action}`,
    summary,
    tags: TASK_TAGS,
    access: { action: action === 'reassign' ? 'assign' : 'complete', subject: 'UserTask' },
    ...(withTarget ? { body: 'api/task-assign-request' as const } : {}),
    response: 'api/user-task',
    handler: async ({ ctx, params, body }): Promise<UserTask> => taskView(await changeAssignment(deps, ctx, params.id!, action, withTarget ? body.account : undefined), deps.clock.now()),
  });
}

/**
 * Workflows: start a process for a dossier, follow an instance (position, tasks, who did what and
 * when), the task inbox with claim/unclaim/reassign/delegate and completion, and administration
 * (list with position, cancel, migrate to a newer version, incidents and their retry).
 */
export function workflowRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<ProcessStartRequest>({
      method: 'post',
      path: '/api/processes',
      summary: 'Démarrer un processus (dernière version publiée) pour un dossier',
      tags: PROCESS_TAGS,
      access: { action: 'create', subject: 'ProcessInstance' },
      body: 'api/process-start-request',
      response: 'api/process-instance',
      successStatus: 201,
      handler: async ({ ctx, body }) => instanceView(deps, ctx, await startProcess(deps, ctx, body)),
    }),
    route<unknown, ProcessListQuery>({
      method: 'get',
      path: '/api/processes',
      summary: 'Les instances de processus visibles, avec l’étape où chacune se trouve, les plus récentes d’abord',
      tags: PROCESS_TAGS,
      access: { action: 'read', subject: 'ProcessInstance' },
      query: 'api/process-list-query',
      response: 'api/process-list',
      handler: async ({ ctx, query }): Promise<ProcessList> => {
        const limit = query.limit ?? 50;
        const rows = await listInstances(deps.db, {
          access: listFilter(ctx, 'read', 'ProcessInstance', processColumns),
          ...(query.establishment ? { establishmentId: query.establishment } : {}),
          ...(query.dossier ? { dossierId: query.dossier } : {}),
          ...(query.workflow ? { workflowKey: query.workflow } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        await recordAudit(deps.db, auditEvent(ctx, { action: 'process.list', targetType: 'process_instance', ...(query.dossier ? { dossierId: query.dossier } : {}), detail: { count: page.length, instanceIds: page.map((p) => p.id) } }));
        return { items: page.map(summaryView), nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
      },
    }),
    route({
      method: 'get',
      path: '/api/processes/:id',
      summary: 'Une instance de processus : état, tâches en cours et historique des étapes (qui, quand)',
      tags: PROCESS_TAGS,
      access: { action: 'read', subject: 'ProcessInstance' },
      response: 'api/process-instance',
      handler: async ({ ctx, params }) => instanceView(deps, ctx, params.id!),
    }),
    route<ProcessCancelRequest>({
      method: 'post',
      path: '/api/processes/:id/cancel',
      summary: 'Annuler une instance de processus, avec un motif',
      tags: PROCESS_TAGS,
      access: { action: 'cancel', subject: 'ProcessInstance' },
      body: 'api/process-cancel-request',
      response: 'api/process-instance',
      handler: async ({ ctx, params, body }) => {
        await cancelInstance(deps, ctx, params.id!, body.reason);
        return instanceView(deps, ctx, params.id!);
      },
    }),
    route<ProcessMigrateRequest>({
      method: 'post',
      path: '/api/processes/:id/migrate',
      summary: 'Faire passer une instance à une autre version publiée du processus (refusé, avec explication, si des étapes ne s’y retrouvent pas)',
      tags: PROCESS_TAGS,
      access: { action: 'migrate', subject: 'ProcessInstance' },
      body: 'api/process-migrate-request',
      response: 'api/process-instance',
      handler: async ({ ctx, params, body }) => {
        await migrateInstance(deps, ctx, params.id!, body.version);
        return instanceView(deps, ctx, params.id!);
      },
    }),
    route<unknown, WorkflowIncidentQuery>({
      method: 'get',
      path: '/api/workflow-incidents',
      summary: 'Les incidents des processus : appels externes échoués après la dernière tentative, instances bloquées',
      tags: PROCESS_TAGS,
      access: { action: 'retry', subject: 'ProcessInstance' },
      query: 'api/workflow-incident-query',
      response: 'api/workflow-incident-list',
      handler: async ({ ctx, query }): Promise<WorkflowIncidentList> => {
        const rows = await listIncidents(deps.db, { access: listFilter(ctx, 'retry', 'ProcessInstance', processColumns), openOnly: query.open ?? true, limit: query.limit ?? 50 });
        return { items: rows.map(incidentView) };
      },
    }),
    route({
      method: 'post',
      path: '/api/workflow-incidents/:id/retry',
      summary: 'Relancer ce qu’un incident a arrêté (l’appel externe, avec ses tentatives remises à zéro, ou l’instance)',
      tags: PROCESS_TAGS,
      access: { action: 'retry', subject: 'ProcessInstance' },
      successStatus: 204,
      handler: async ({ ctx, params }) => {
        await retryIncident(deps, ctx, params.id!);
        return undefined;
      },
    }),
    route<unknown, TaskListQuery>({
      method: 'get',
      path: '/api/tasks',
      summary: 'La corbeille de tâches : les miennes, celles de mes profils dans mes établissements, celles des enfants de mon équipe',
      tags: TASK_TAGS,
      access: { action: 'read', subject: 'UserTask' },
      query: 'api/task-list-query',
      response: 'api/task-list',
      handler: async ({ ctx, query }): Promise<TaskList> => {
        const user = requireUser(ctx);
        const limit = query.limit ?? 50;
        const now = deps.clock.now();
        const scope = query.scope ?? 'mine';
        const careTeam = scope === 'team' ? (await loadUserContext(deps.db, user.accountId, localDate(now), now)).careTeamDossierIds : [];
        const rows = await listInbox(deps.db, {
          access: listFilter(ctx, 'read', 'UserTask', userTaskColumns),
          scope,
          accountId: user.accountId,
          candidateKeys: candidateKeys(user),
          careTeamDossierIds: careTeam,
          status: query.status ?? 'open',
          overdueOnly: query.overdue ?? false,
          now,
          ...(query.cursor !== undefined ? { after: inboxCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        await recordAudit(deps.db, auditEvent(ctx, { action: 'task.list', targetType: 'user_task', detail: { scope, count: page.length, dossierIds: [...new Set(page.map((t) => t.dossierId))] } }));
        return { items: page.map((t) => taskView(t, now)), nextCursor: rows.length > limit && last ? encodeCursor(last.cursor) : null };
      },
    }),
    route({
      method: 'get',
      path: '/api/tasks/:id',
      summary: 'Une tâche',
      tags: TASK_TAGS,
      access: { action: 'read', subject: 'UserTask' },
      response: 'api/user-task',
      handler: async ({ ctx, params }): Promise<UserTask> => {
        const task = await getUserTask(deps.db, params.id!);
        if (!task || !canOn(ctx, 'read', 'UserTask', taskSubject(task))) throw new AppError('NOT_FOUND');
        await recordAudit(deps.db, auditEvent(ctx, { action: 'task.read', targetType: 'user_task', targetId: task.id, dossierId: task.dossierId, establishmentId: task.establishmentId }));
        return taskView(task, deps.clock.now());
      },
    }),
    assignmentRoute(deps, 'claim', 'Prendre une tâche (profil candidat dans son établissement)', false),
    assignmentRoute(deps, 'unclaim', 'Rendre une tâche prise (la personne qui l’a prise, ou un responsable)', false),
    assignmentRoute(deps, 'reassign', 'Confier une tâche à une autre personne habilitée (responsable)', true),
    assignmentRoute(deps, 'delegate', 'Déléguer une tâche que l’on a prise à une autre personne habilitée', true),
    route<TaskCompleteRequest>({
      method: 'post',
      path: '/api/tasks/:id/complete',
      summary: 'Terminer une tâche : réponses validées avec son formulaire et enregistrées, étape suivante du processus dans la même transaction',
      tags: TASK_TAGS,
      access: { action: 'complete', subject: 'UserTask' },
      body: 'api/task-complete-request',
      response: 'api/task-complete-response',
      handler: async ({ ctx, params, body }) => completeTask(deps, ctx, params.id!, body.data),
    }),
  ];
}
