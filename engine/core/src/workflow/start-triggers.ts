import type { ModdleElement } from 'bpmn-moddle';
import type { ParsedWorkflow } from './definition';

/** A form whose final submissions start the process, and the start event that says so. */
export interface FormTrigger {
  formKey: string;
  startEventId: string;
}

/**
 * The forms whose final submissions start an instance of the executable process: the
 * `cordee:startOnForm` of its own start events (a sub-process's start event starts nothing).
 */
export function formTriggersOf(parsed: ParsedWorkflow): FormTrigger[] {
  const triggers: FormTrigger[] = [];
  for (const root of (parsed.moddle.rootElement.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type !== 'bpmn:Process' || root.isExecutable !== true) continue;
    for (const element of (root.flowElements as ModdleElement[] | undefined) ?? []) {
      const described = element.id ? parsed.elements.get(element.id) : undefined;
      if (described?.type === 'bpmn:StartEvent' && described.startOnForm) triggers.push({ formKey: described.startOnForm, startEventId: described.id });
    }
  }
  return triggers;
}
