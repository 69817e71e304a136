import type { Db, Tx } from '../connection';
import type { FormTriggerRecord } from './workflow-trigger-store';

/** The domain events a newly published version of a workflow starts on replace those of its previous version (ADR 0019). */
export async function replaceEventTriggers(trx: Tx, workflowKey: string, versionId: string, triggers: ReadonlyArray<{ event: string; startEventId: string }>): Promise<void> {
  await trx('workflow_event_trigger').where({ workflow_key: workflowKey }).delete();
  if (triggers.length === 0) return;
  const rows = triggers.map((t) => ({ workflow_key: workflowKey, event: t.event, version_id: versionId, start_event_id: t.startEventId }));
  await trx('workflow_event_trigger').insert(rows).onConflict(['workflow_key', 'event']).ignore();
}

/** The workflows (at their latest published version) that a domain event starts, in key order. */
export async function workflowsStartedByEvent(db: Db | Tx, event: string): Promise<FormTriggerRecord[]> {
  return db('workflow_event_trigger').where({ event }).orderBy('workflow_key').select('workflow_key as workflowKey', 'version_id as versionId', 'start_event_id as startEventId');
}

/**
 * The instances of a workflow on a dossier, not ended, that the same event on the same record
 * started (as their start history says): those a repetition of the event replaces.
 */
export async function instancesStartedByEvent(trx: Tx, o: { workflowKey: string; dossierId: string; event: string; subjectId: string }): Promise<string[]> {
  const rows: Array<{ id: string }> = await trx('process_instance as p')
    .where({ 'p.workflow_key': o.workflowKey, 'p.dossier_id': o.dossierId })
    .whereIn('p.status', ['running', 'failed'])
    .whereExists((q) =>
      q
        .select(trx.raw('1'))
        .from('process_history as h')
        .whereRaw('h.instance_id = p.id')
        .where('h.kind', 'instance.started')
        .whereRaw(`h.detail->'trigger'->>'event' = ?`, [o.event])
        .whereRaw(`h.detail->'trigger'->>'subjectId' = ?`, [o.subjectId]),
    )
    .orderBy('p.started_at')
    .select('p.id');
  return rows.map((r) => r.id);
}

/** The running instances a domain event may wake (`cordee:wakeOnEvent`): those of a dossier, or of an establishment. */
export type WakeScope = { dossierId: string } | { establishmentId: string };

const runningIn = (db: Db | Tx, scope: WakeScope) =>
  db('process_instance')
    .where('status', 'running')
    .where('dossierId' in scope ? { dossier_id: scope.dossierId } : { establishment_id: scope.establishmentId });

/** The published versions the running instances of a scope are pinned to (a handful: the events they wake are read from each). */
export async function runningVersionsIn(db: Db | Tx, scope: WakeScope): Promise<string[]> {
  const rows: Array<{ id: string }> = await runningIn(db, scope).distinct('definition_version_id as id');
  return rows.map((r) => r.id);
}

/** The running instances of a scope, pinned to a version, that wait at one of the elements: the longest running first. */
export async function instancesWaitingAt(db: Db | Tx, scope: WakeScope, versionId: string, elementIds: readonly string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await runningIn(db, scope)
    .where('definition_version_id', versionId)
    .whereRaw(`position && array[${elementIds.map(() => '?').join(', ')}]::text[]`, [...elementIds])
    .orderBy([{ column: 'started_at' }, { column: 'id' }])
    .select('id');
  return rows.map((r) => r.id);
}
