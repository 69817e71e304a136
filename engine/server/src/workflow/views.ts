import type { HistoryRecord, IncidentRecord, ProcessInstanceRecord, UserTaskRecord } from '@cordee/db';
import type { ProcessInstance } from '@cordee/metadata/generated/api/process-instance';
import type { ProcessSummary } from '@cordee/metadata/generated/api/process-summary';
import type { UserTask } from '@cordee/metadata/generated/api/user-task';
import type { WorkflowIncident } from '@cordee/metadata/generated/api/workflow-incident';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const taskView = (t: UserTaskRecord, now: Date): UserTask => ({
  id: t.id,
  instanceId: t.instanceId,
  workflow: t.workflowKey,
  elementId: t.elementId,
  name: t.name,
  dossierId: t.dossierId,
  establishmentId: t.establishmentId,
  form: t.formKey ? { kind: t.formKind ?? 'form', key: t.formKey } : null,
  candidateProfiles: t.candidateProfiles,
  status: t.status,
  assignee: t.assigneeId ? { id: t.assigneeId, name: t.assigneeName } : null,
  delegatedBy: t.delegatedBy,
  dueAt: iso(t.dueAt),
  overdue: t.status === 'open' && t.dueAt !== null && t.dueAt.getTime() < now.getTime(),
  submissionId: t.submissionId,
  createdAt: t.createdAt.toISOString(),
  completedAt: iso(t.completedAt),
  completedBy: t.completedBy,
});

export const summaryView = (p: ProcessInstanceRecord & { openIncidents?: number }): ProcessSummary => ({
  id: p.id,
  workflow: p.workflowKey,
  title: p.title,
  version: p.version,
  dossierId: p.dossierId,
  establishmentId: p.establishmentId,
  status: p.status,
  position: p.position,
  dueAt: iso(p.dueAt),
  lockVersion: p.lockVersion,
  startedAt: p.startedAt.toISOString(),
  startedBy: p.startedBy,
  endedAt: iso(p.endedAt),
  cancelReason: p.cancelReason,
  openIncidents: p.openIncidents ?? 0,
});

export const incidentView = (i: IncidentRecord): WorkflowIncident => ({
  id: i.id,
  instanceId: i.instanceId,
  workflow: i.workflowKey,
  dossierId: i.dossierId,
  establishmentId: i.establishmentId,
  elementId: i.elementId,
  jobId: i.jobId,
  action: i.action,
  attempts: i.attempts,
  message: i.message,
  createdAt: i.createdAt.toISOString(),
  resolvedAt: iso(i.resolvedAt),
  resolution: i.resolution,
});

export const historyView = (h: HistoryRecord): ProcessInstance['history'][number] => ({
  kind: h.kind,
  elementId: h.elementId,
  elementName: h.elementName,
  account: h.accountId ? { id: h.accountId, name: h.accountName } : null,
  detail: h.detail,
  at: h.at.toISOString(),
});
