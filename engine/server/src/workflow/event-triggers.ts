import { type DomainEvent, domainEvents, eventTriggersOf, parseWorkflow } from '@cordee/core';
import { type Tx, type WakeScope, instancesStartedByEvent, instancesWaitingAt, lockInstanceForStep, replaceEventTriggers, runningVersionsIn, workflowsStartedByEvent } from '@cordee/db';
import type { RequestContext } from '../http/context';
import { cancelLockedInstance } from './administration';
import { compiledVersion } from './definitions';
import { startInstanceInTx } from './start-instance';
import { systemStep } from './system-steps';

/**
 * Processes started by a domain event (ADR 0019): a workflow whose start event carries
 * `cordee:startOnEvent="<event>"` is started for the dossier each time the engine raises that
 * event, in the transaction of the write that raised it. When the event happens again on the same
 * record, the instance it started earlier and still running is cancelled, with the reason, before
 * the new one starts. A running instance waiting at an intermediate timer that carries
 * `cordee:wakeOnEvent="<event>"` goes on at once, as if the timer had fallen due. Nothing here knows
 * any workflow: the metadata decides.
 */

/** At the publication of a workflow version: the events its start event names replace those of the previous version. */
export async function recordEventTriggers(trx: Tx, workflowKey: string, versionId: string, bpmnXml: string): Promise<void> {
  await replaceEventTriggers(trx, workflowKey, versionId, eventTriggersOf(await parseWorkflow(bpmnXml)));
}

/** French reason of a replacement: the event, and what changed when the event says it. */
function replacementReason(event: DomainEvent): string {
  const { placementTerm, previousPlacementTerm } = event.variables;
  const change = placementTerm !== undefined ? ` (${String(previousPlacementTerm ?? 'aucune')} → ${String(placementTerm ?? 'aucune')})` : '';
  return `Remplacée : l’événement « ${event.key} » s’est reproduit${change} ; une nouvelle instance prend le relais.`;
}

/**
 * Raises a domain event (if any) on a dossier in the caller's transaction: replaces the running instances
 * the same event on the same record started, then starts every workflow the event starts, credited
 * to the user whose write raised it, and wakes the instances waiting for it. Returns the new instances' ids.
 */
export async function raiseDomainEvent(trx: Tx, ctx: RequestContext, event: DomainEvent | null, dossier: { id: string; establishmentId: string }, now: Date): Promise<string[]> {
  if (event === null) return [];
  const trigger = { event: event.key, subjectId: event.subjectId };
  const started: string[] = [];
  for (const workflow of await workflowsStartedByEvent(trx, event.key)) {
    for (const id of await instancesStartedByEvent(trx, { workflowKey: workflow.workflowKey, dossierId: dossier.id, ...trigger })) {
      const instance = await lockInstanceForStep(trx, id);
      // ended meanwhile: nothing left to replace
      if (!instance || (instance.status !== 'running' && instance.status !== 'failed')) continue;
      await cancelLockedInstance(trx, ctx, instance, replacementReason(event), { trigger });
    }
    started.push(
      await startInstanceInTx(trx, ctx, {
        workflowKey: workflow.workflowKey,
        versionId: workflow.versionId,
        dossier,
        variables: event.variables,
        accountId: ctx.user?.accountId ?? null,
        now,
        trigger,
      }),
    );
  }
  const scope: WakeScope = domainEvents[event.key].wakes === 'dossier' ? { dossierId: dossier.id } : { establishmentId: event.establishmentId ?? dossier.establishmentId };
  await wakeWaitingInstances(trx, event, scope, now);
  return started;
}

/**
 * The running instances of the scope that wait at a timer the event wakes go on at once, the
 * longest running first, each as a system step (a step that fails becomes an incident of that
 * instance, not a failure of the write); their history says which event woke them.
 */
async function wakeWaitingInstances(trx: Tx, event: DomainEvent, scope: WakeScope, now: Date): Promise<void> {
  const history = [{ kind: 'timer.woken', detail: { trigger: { event: event.key, subjectId: event.subjectId } } }];
  for (const versionId of await runningVersionsIn(trx, scope)) {
    const waking = [...(await compiledVersion(trx, versionId)).elements.values()].filter((e) => e.wakeOnEvent === event.key).map((e) => e.id);
    if (waking.length === 0) continue;
    for (const id of await instancesWaitingAt(trx, scope, versionId, waking)) {
      const instance = await lockInstanceForStep(trx, id);
      const elementId = instance?.status === 'running' ? instance.position.find((p) => waking.includes(p)) : undefined;
      // moved on meanwhile: nothing left to wake
      if (!instance || !elementId) continue;
      await systemStep(trx, instance, { kind: 'wake', elementId }, now, history.map((h) => ({ ...h, elementId })));
    }
  }
}
