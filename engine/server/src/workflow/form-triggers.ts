import { formTriggersOf, parseWorkflow } from '@cordee/core';
import { type FormTriggerRecord, type Tx, replaceFormTriggers, workflowsStartedByForm } from '@cordee/db';
import type { RequestContext } from '../http/context';
import { startInstanceInTx } from './start-instance';

/**
 * Processes started by a form: a workflow whose start event carries `cordee:startOnForm="<form>"`
 * is started for the dossier each time a submission of that form becomes final (stored final, or
 * a draft made final), in the transaction that stores it, with the submission's answers and its
 * id (`submissionId`) as start variables. Nothing here knows any form: the metadata decides.
 */

/** At the publication of a workflow version: the forms its start event names replace those of the previous version. */
export async function recordFormTriggers(trx: Tx, workflowKey: string, versionId: string, bpmnXml: string): Promise<void> {
  await replaceFormTriggers(trx, workflowKey, versionId, formTriggersOf(await parseWorkflow(bpmnXml)));
}

export interface FinalSubmission {
  id: string;
  formKey: string;
  dossierId: string;
  establishmentId: string;
}

/**
 * Starts, in the caller's transaction, every process the submission's form starts (`triggers`, when
 * the statement that stored the submission has read them already); returns the new instances' ids.
 */
export async function startProcessesOnSubmission(
  trx: Tx,
  ctx: RequestContext,
  submission: FinalSubmission,
  data: Record<string, unknown>,
  now: Date,
  triggers?: readonly FormTriggerRecord[],
): Promise<string[]> {
  const started: string[] = [];
  for (const trigger of triggers ?? (await workflowsStartedByForm(trx, submission.formKey))) {
    started.push(
      await startInstanceInTx(trx, ctx, {
        workflowKey: trigger.workflowKey,
        versionId: trigger.versionId,
        dossier: { id: submission.dossierId, establishmentId: submission.establishmentId },
        variables: { ...data, submissionId: submission.id },
        accountId: ctx.user?.accountId ?? null,
        now,
        trigger: { form: submission.formKey, submissionId: submission.id },
      }),
    );
  }
  return started;
}
