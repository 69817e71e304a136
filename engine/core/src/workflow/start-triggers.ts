import type { ModdleElement } from 'bpmn-moddle';
import type { ParsedWorkflow, WorkflowElement } from './definition';

/** A form whose final submissions start the process, and the start event that says so. */
export interface FormTrigger {
  formKey: string;
  startEventId: string;
}

/** A domain event that starts the process (`cordee:startOnEvent`), and the start event that says so. */
export interface EventTrigger {
  event: string;
  startEventId: string;
}

/** The start events of the executable process itself (a sub-process's start event starts nothing). */
export function executableStartEvents(parsed: ParsedWorkflow): WorkflowElement[] {
  const starts: WorkflowElement[] = [];
  for (const root of (parsed.moddle.rootElement.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type !== 'bpmn:Process' || root.isExecutable !== true) continue;
    for (const element of (root.flowElements as ModdleElement[] | undefined) ?? []) {
      const described = element.id ? parsed.elements.get(element.id) : undefined;
      if (described?.type === 'bpmn:StartEvent') starts.push(described);
    }
  }
  return starts;
}

/** The forms whose final submissions start an instance of the executable process: the `cordee:startOnForm` of its own start events. */
export function formTriggersOf(parsed: ParsedWorkflow): FormTrigger[] {
  return executableStartEvents(parsed).flatMap((e) => (e.startOnForm ? [{ formKey: e.startOnForm, startEventId: e.id }] : []));
}

/** The domain events that start an instance of the executable process: the `cordee:startOnEvent` of its own start events. */
export function eventTriggersOf(parsed: ParsedWorkflow): EventTrigger[] {
  return executableStartEvents(parsed).flatMap((e) => (e.startOnEvent ? [{ event: e.startOnEvent, startEventId: e.id }] : []));
}
