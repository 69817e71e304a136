import type { ParsedWorkflow, WorkflowElement } from './definition';
import type { EngineState } from './runner';

/** What the saved state of an instance refers to, by id: its definitions, processes, and every element it has state for. */
export function idsInState(saved: EngineState | string): Map<string, string> {
  const state = (typeof saved === 'string' ? JSON.parse(saved) : saved) as EngineState;
  const ids = new Map<string, string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.type === 'string' && record.type.startsWith('bpmn:')) ids.set(record.id, record.type);
    for (const [key, value] of Object.entries(record)) if (key !== 'source' && key !== 'broker' && value && typeof value === 'object') walk(value);
  };
  walk(state.definitions ?? []);
  return ids;
}

export interface TargetDefinition {
  definitionsId: string;
  elements: ReadonlyMap<string, WorkflowElement>;
  executableProcessIds: string[];
}

export const targetOf = (parsed: ParsedWorkflow): TargetDefinition => ({
  definitionsId: parsed.moddle.rootElement.id ?? '',
  elements: parsed.elements,
  executableProcessIds: parsed.executableProcessIds,
});

/**
 * Why an instance cannot move to another version (empty when it can): every definition, process
 * and element its saved state refers to must exist in the target with the same type, since the
 * engine recovers the state by id. French messages, one per missing or changed element.
 */
export function migrationProblems(state: EngineState | string, target: TargetDefinition): string[] {
  const problems: string[] = [];
  for (const [id, type] of idsInState(state)) {
    if (type === 'bpmn:Definitions') {
      if (id !== target.definitionsId) problems.push(`Le document cible a pour identifiant « ${target.definitionsId} » au lieu de « ${id} ».`);
      continue;
    }
    if (type === 'bpmn:Process') {
      if (!target.executableProcessIds.includes(id)) problems.push(`Le processus « ${id} » n’existe pas dans la version cible.`);
      continue;
    }
    const element = target.elements.get(id);
    if (!element) problems.push(`L’étape « ${id} » (${type.replace('bpmn:', '')}), déjà parcourue ou en cours, n’existe pas dans la version cible.`);
    else if (element.type !== type) problems.push(`L’étape « ${id} » change de type (${type.replace('bpmn:', '')} → ${element.type.replace('bpmn:', '')}).`);
  }
  return problems;
}
