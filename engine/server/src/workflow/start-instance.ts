import { randomUUID } from 'node:crypto';
import { type Tx, dossierFacts, recordAudit } from '@cordee/db';
import { type RequestContext, auditEvent } from '../http/context';
import { compiledVersion } from './definitions';
import { engineStep } from './engine-step';
import { type InstanceHead, persistStep } from './persist-step';

export interface InstanceStart {
  id?: string;
  workflowKey: string;
  /** The published version the instance is pinned to. */
  versionId: string;
  dossier: { id: string; establishmentId: string };
  variables: Record<string, unknown>;
  /** Who started it (null: the system). */
  accountId: string | null;
  now: Date;
  /** Why it started, when no one asked for it (e.g. the submission of a form): kept in the history and the audit. */
  trigger?: Record<string, unknown>;
}

/**
 * Starts an instance in the caller's transaction: the first step runs with the start variables
 * and the dossier's dates, the instance and its first tasks are written, and the start is audited.
 */
export async function startInstanceInTx(trx: Tx, ctx: RequestContext, input: InstanceStart): Promise<string> {
  const id = input.id ?? randomUUID();
  const workflow = await compiledVersion(trx, input.versionId);
  const variables = { ...input.variables, ...(await dossierFacts(trx, input.dossier.id)) };
  const step = await engineStep(workflow, null, variables, { kind: 'start' }, input.now);
  const head: InstanceHead = { id, workflowKey: input.workflowKey, dossierId: input.dossier.id, establishmentId: input.dossier.establishmentId, definitionVersionId: input.versionId, lockVersion: null, startedBy: input.accountId };
  const detail = { version: workflow.version, ...(input.trigger ? { trigger: input.trigger } : {}) };
  await persistStep(trx, head, workflow, step, { now: input.now, variables, accountId: input.accountId, history: [{ kind: 'instance.started', accountId: input.accountId, detail }] });
  await recordAudit(
    trx,
    auditEvent(ctx, { action: 'process.start', targetType: 'process_instance', targetId: id, dossierId: input.dossier.id, establishmentId: input.dossier.establishmentId, detail: { workflow: input.workflowKey, ...detail } }),
  );
  return id;
}
