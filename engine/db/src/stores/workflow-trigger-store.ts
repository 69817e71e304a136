import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';

/** A published workflow that a form's final submissions start. */
export interface FormTriggerRecord {
  workflowKey: string;
  versionId: string;
  startEventId: string;
}

/** The forms a newly published version of a workflow starts on replace those of its previous version. */
export async function replaceFormTriggers(trx: Tx, workflowKey: string, versionId: string, triggers: ReadonlyArray<{ formKey: string; startEventId: string }>): Promise<void> {
  await trx('workflow_form_trigger').where({ workflow_key: workflowKey }).delete();
  if (triggers.length === 0) return;
  await trx('workflow_form_trigger')
    .insert(triggers.map((t) => ({ workflow_key: workflowKey, form_key: t.formKey, version_id: versionId, start_event_id: t.startEventId })))
    .onConflict(['workflow_key', 'form_key'])
    .ignore();
}

/** The workflows (at their latest published version) that a final submission of `formKey` starts, in key order. */
export async function workflowsStartedByForm(db: Db | Tx, formKey: string): Promise<FormTriggerRecord[]> {
  // looked up at every final submission
  return prepared(db('workflow_form_trigger').where({ form_key: formKey }).orderBy('workflow_key').select('workflow_key as workflowKey', 'version_id as versionId', 'start_event_id as startEventId'), 'workflows_started_by_form');
}
