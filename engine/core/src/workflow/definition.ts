import { BpmnModdle, type ModdleElement, type ModdleParseResult } from 'bpmn-moddle';
import cordeeDescriptor from '@cordee/metadata/bpmn/cordee.json';

/**
 * A BPMN 2.0 document with Cordée's `cordee:` attributes (descriptor metadata/bpmn/cordee.json,
 * shared with the designer), read into the facts the server needs without running anything: the
 * elements of the executable process with their form, candidate profiles, due date, service and
 * timers. Parsing is pure (no IO) but asynchronous, as bpmn-moddle is.
 */
export interface WorkflowTimer {
  kind: 'timeDuration' | 'timeDate' | 'timeCycle';
  value: string;
}

export interface WorkflowElement {
  id: string;
  /** bpmn-moddle type, e.g. `bpmn:UserTask`. */
  type: string;
  name: string | null;
  formRef: string | null;
  candidateProfiles: string[];
  dueDate: string | null;
  serviceRef: string | null;
  /** Start events: the form whose final submissions start an instance of the process (`cordee:startOnForm`). */
  startOnForm: string | null;
  /** Start events: the domain event that starts an instance of the process (`cordee:startOnEvent`, catalogue in domain-events.ts). */
  startOnEvent: string | null;
  /** Intermediate timers: the domain event that fires them early (`cordee:wakeOnEvent`, catalogue in domain-events.ts). */
  wakeOnEvent: string | null;
  /** User tasks: the server action run, with the completing user's rights, in the transaction that completes the task. */
  completeAction: string | null;
  /** Profiles notified when this timer fires: an escalation (boundary timer) or a reminder (intermediate timer). */
  notifyProfiles: string[];
  timers: WorkflowTimer[];
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedTo: string | null;
  cancelActivity: boolean;
  /** Sequence flows: their FEEL condition, if any. */
  condition: string | null;
  eventDefinitions: string[];
}

export interface ParsedWorkflow {
  moddle: ModdleParseResult;
  /** Ids of the processes marked executable. */
  executableProcessIds: string[];
  /** Every flow element of every process, by id (nested sub-processes included). */
  elements: Map<string, WorkflowElement>;
}

export class WorkflowParseError extends Error {}

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

function bodyOf(expression: unknown): string | null {
  if (!expression || typeof expression !== 'object') return null;
  return text((expression as { body?: unknown }).body);
}

function describe(element: ModdleElement): WorkflowElement {
  const definitions = (element.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const timers: WorkflowTimer[] = [];
  for (const definition of definitions) {
    if (definition.$type !== 'bpmn:TimerEventDefinition') continue;
    for (const kind of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
      const value = bodyOf(definition[kind]);
      if (definition[kind] !== undefined) timers.push({ kind, value: value ?? '' });
    }
  }
  const attached = element.attachedToRef as ModdleElement | undefined;
  return {
    id: element.id ?? '',
    type: element.$type,
    name: text(element.name),
    formRef: text(element.formRef),
    candidateProfiles: list(element.candidateProfiles),
    dueDate: text(element.dueDate),
    serviceRef: text(element.serviceRef),
    startOnForm: text(element.startOnForm),
    startOnEvent: text(element.startOnEvent),
    wakeOnEvent: text(element.wakeOnEvent),
    completeAction: text(element.completeAction),
    notifyProfiles: list(element.notifyProfiles),
    timers,
    attachedTo: attached?.id ?? null,
    cancelActivity: element.cancelActivity !== false,
    condition: bodyOf(element.conditionExpression),
    eventDefinitions: definitions.map((d) => d.$type),
  };
}

function collect(container: ModdleElement, into: Map<string, WorkflowElement>): void {
  for (const element of (container.flowElements as ModdleElement[] | undefined) ?? []) {
    if (element.id) into.set(element.id, describe(element));
    if (element.flowElements) collect(element, into);
  }
}

const moddle = new BpmnModdle({ cordee: cordeeDescriptor });

/** Reads the XML (throws WorkflowParseError with bpmn-moddle's reason when it is not BPMN 2.0). */
export async function parseWorkflow(xml: string): Promise<ParsedWorkflow> {
  let parsed: ModdleParseResult;
  try {
    parsed = await moddle.fromXML(xml.trim());
  } catch (error) {
    throw new WorkflowParseError(`Le document n’est pas un BPMN 2.0 lisible : ${(error as Error).message}`);
  }
  if (parsed.rootElement.$type !== 'bpmn:Definitions') throw new WorkflowParseError('La racine du document doit être bpmn:definitions.');
  const elements = new Map<string, WorkflowElement>();
  const executableProcessIds: string[] = [];
  for (const root of (parsed.rootElement.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type !== 'bpmn:Process') continue;
    if (root.isExecutable === true && root.id) executableProcessIds.push(root.id);
    collect(root, elements);
  }
  return { moddle: parsed, executableProcessIds, elements };
}

/** The activities of a definition that an instance can be positioned on (what a version migration maps by id). */
export function activityIds(elements: ReadonlyMap<string, WorkflowElement>): Set<string> {
  return new Set([...elements.values()].filter((e) => e.type !== 'bpmn:SequenceFlow').map((e) => e.id));
}
