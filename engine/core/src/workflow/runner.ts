import { EventEmitter } from 'node:events';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import serializer, { type SerializableContext, TypeResolver, deserialize } from 'moddle-context-serializer';
import type { ParsedWorkflow, WorkflowElement } from './definition';
import { isFeel, timerValue } from './deadlines';
import { evaluateExpression } from '../expressions/feel';

/**
 * One step of a process instance with bpmn-engine, as a pure function of (definition, saved
 * state, variables, command): a fresh Engine is recovered from the saved state, resumed, given the
 * command, and dropped; nothing outlives the call. Timers never run in memory: the engine records
 * when each one falls due, and the instance is resumed by the scheduler once it has (an overdue
 * timer fires at once on resume). Service tasks are external tasks: they wait like user tasks
 * until the job worker signals them with the plugin's result.
 */
export type EngineState = Record<string, unknown> & { definitions?: Array<Record<string, unknown>> };

export interface CompiledWorkflow {
  key: string;
  versionId: string;
  version: string;
  /** The parsed definition, shared by every engine of this version (read-only for bpmn-elements). */
  sourceContext: SerializableContext;
  /** The same, serialized (moddle-context-serializer): what another thread compiles it from. */
  serialized: string;
  elements: ReadonlyMap<string, WorkflowElement>;
  /** Timer values written in FEEL: evaluated to a duration or an instant before the engine reads them. */
  feelTimers: ReadonlySet<string>;
}

export type StepCommand =
  | { kind: 'start' }
  /** Lets timers that fell due fire. */
  | { kind: 'resume' }
  | { kind: 'signal'; elementId: string; executionId: string }
  /** Fires early the timer of an intermediate catch event the instance waits at (a domain event woke it, ADR 0019). */
  | { kind: 'wake'; elementId: string };

export interface WaitingActivity {
  elementId: string;
  executionId: string;
  kind: 'user' | 'service';
  element: WorkflowElement;
}

export interface StepEvent {
  kind: 'activity.end' | 'timer.fired' | 'escalation' | 'reminder';
  elementId: string;
  executionId: string;
  element: WorkflowElement | null;
}

export interface StepResult {
  status: 'running' | 'completed';
  /** The state to save, as JSON text, without the definition source (the version holds it). */
  state: string;
  engineVersion: string;
  waiting: WaitingActivity[];
  /** When the next timer of the instance falls due. */
  dueAt: Date | null;
  /** Activities the instance waits in (timers, tasks), for the administrators' list. */
  position: string[];
  events: StepEvent[];
}

export class WorkflowStepError extends Error {
  constructor(
    message: string,
    readonly elementId: string | null = null,
  ) {
    super(message);
  }
}

/** All Cordée service tasks are external tasks: they wait for the worker's signal. */
const typeResolver = TypeResolver({ ...Elements }, (types: Record<string, unknown>) => {
  types['bpmn:ServiceTask'] = Elements.SignalTask;
});

/** The serialized source context of a parsed definition (moddle-context-serializer), kept per published version. */
export function serializeWorkflow(parsed: ParsedWorkflow): string {
  return serializer(parsed.moddle as never, typeResolver).serialize();
}

export function compileWorkflow(input: { key: string; versionId: string; version: string; serialized: string; elements: ReadonlyMap<string, WorkflowElement> }): CompiledWorkflow {
  const feelTimers = new Set([...input.elements.values()].flatMap((e) => e.timers.map((t) => t.value)).filter(isFeel));
  return { key: input.key, versionId: input.versionId, version: input.version, sourceContext: deserialize(JSON.parse(input.serialized), typeResolver), serialized: input.serialized, elements: input.elements, feelTimers };
}

/**
 * In-memory timers that never fire: due dates are persisted and the scheduler resumes the instance.
 * One registry per step: a registry keeps every timer it started until it fires or is cleared, and
 * the engine of a step is dropped, not stopped, so a shared one would keep each step's engine alive.
 */
const inertTimers = () => new Elements.Timers({ setTimeout: (() => ({})) as unknown as typeof setTimeout, clearTimeout: () => undefined });

const silent = () => undefined;
const silentLogger = () => ({ debug: silent, error: silent, warn: silent, info: silent });

/**
 * FEEL (written `= …`) against the instance variables; any other text is a literal (ISO durations,
 * dates). Timer values are evaluated to a duration or an ISO instant, which is what the engine reads.
 */
function feelExpressions(workflow: CompiledWorkflow, variables: Record<string, unknown>) {
  return {
    resolveExpression(expression: unknown) {
      if (typeof expression !== 'string' || !isFeel(expression)) return expression;
      if (workflow.feelTimers.has(expression)) return timerValue(expression, variables);
      return evaluateExpression(expression.trimStart().slice(1).trim(), variables);
    },
    isExpression: (text: unknown) => typeof text === 'string' && isFeel(text),
    hasExpression: (text: unknown) => typeof text === 'string' && isFeel(text),
  };
}

interface Api {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown>;
}

/**
 * Runs one command on an instance. Throws WorkflowStepError when the engine fails (a condition
 * that cannot be evaluated, no outgoing flow, a task that is not waiting): the caller's
 * transaction then changes nothing.
 */
export async function runStep(workflow: CompiledWorkflow, state: EngineState | string | null, variables: Record<string, unknown>, command: StepCommand): Promise<StepResult> {
  // disableTrackState: the state keeps only what is running, which is all that recovering needs
  const engine = new Engine({ name: workflow.key, sourceContext: workflow.sourceContext, timers: inertTimers(), expressions: feelExpressions(workflow, variables), Logger: silentLogger, settings: { disableTrackState: true } });
  const listener = new EventEmitter();
  const timers = new Map<string, Date>();
  const events: StepEvent[] = [];
  let failure: Error | null = null;
  const elementOf = (id: string) => workflow.elements.get(id) ?? null;
  listener.on('activity.timer', (api: Api) => {
    const expireAt = api.content.expireAt;
    if (expireAt instanceof Date) timers.set(api.id, expireAt);
  });
  listener.on('activity.timeout', (api: Api) => {
    timers.delete(api.id);
    events.push({ kind: 'timer.fired', elementId: api.id, executionId: api.executionId, element: elementOf(api.id) });
  });
  listener.on('activity.leave', (api: Api) => timers.delete(api.id));
  listener.on('activity.end', (api: Api) => {
    const element = elementOf(api.id);
    const executionId = api.executionId;
    events.push({ kind: 'activity.end', elementId: api.id, executionId, element });
    if (element?.type === 'bpmn:BoundaryEvent' && element.timers.length > 0) events.push({ kind: 'escalation', elementId: api.id, executionId, element });
    // an intermediate timer that names profiles to notify is a reminder (an alert before a deadline)
    if (element?.type === 'bpmn:IntermediateCatchEvent' && element.timers.length > 0 && element.notifyProfiles.length > 0) events.push({ kind: 'reminder', elementId: api.id, executionId, element });
  });
  engine.on('error', (error: Error) => {
    failure = error;
  });
  try {
    if (state) {
      engine.recover((typeof state === 'string' ? JSON.parse(state) : state) as never);
      await engine.resume({ listener });
    } else {
      await engine.execute({ listener });
    }
    if (command.kind === 'signal') {
      const waiting = engine.execution.getPostponed() as unknown as Api[];
      if (!waiting.some((a) => a.id === command.elementId && a.executionId === command.executionId)) {
        throw new WorkflowStepError(`L’étape ${command.elementId} n’attend plus de réponse dans cette instance.`, command.elementId);
      }
      engine.execution.signal({ id: command.elementId, executionId: command.executionId });
    }
    if (command.kind === 'wake') {
      const waiting = engine.execution.getPostponed() as unknown as Api[];
      if (!waiting.some((a) => a.id === command.elementId && elementOf(a.id)?.type === 'bpmn:IntermediateCatchEvent')) {
        throw new WorkflowStepError(`L’étape ${command.elementId} n’attend plus dans cette instance.`, command.elementId);
      }
      // a timer cancelled through the API completes and the flow goes on, as if it had fallen due
      engine.execution.cancelActivity({ id: command.elementId });
    }
  } catch (error) {
    if (error instanceof WorkflowStepError) throw error;
    failure = error as Error;
  }
  if (failure) throw new WorkflowStepError(`Le processus n’a pas pu avancer : ${(failure as Error).message}`, (failure as { source?: { id?: string } }).source?.id ?? null);
  const postponed = engine.state === 'running' ? (engine.execution.getPostponed() as unknown as Api[]) : [];
  // the state is taken without stopping the engine: recover and resume accept it, and stopping costs a third of a step
  const saved = (await engine.getState()) as unknown as EngineState;
  for (const definition of saved.definitions ?? []) delete definition.source;
  const waiting: WaitingActivity[] = [];
  const position: string[] = [];
  let dueAt: Date | null = null;
  for (const api of postponed) {
    const element = elementOf(api.id);
    if (!element) continue;
    // boundary events wait beside their task, and flows that reached a parallel join are not positions
    if (element.type !== 'bpmn:BoundaryEvent' && element.type !== 'bpmn:SequenceFlow') position.push(api.id);
    if (element.type === 'bpmn:UserTask' || element.type === 'bpmn:ServiceTask') waiting.push({ elementId: api.id, executionId: api.executionId, kind: element.type === 'bpmn:UserTask' ? 'user' : 'service', element });
    const due = timers.get(api.id);
    if (due && (!dueAt || due < dueAt)) dueAt = due;
  }
  return { status: postponed.length === 0 ? 'completed' : 'running', state: JSON.stringify(saved), engineVersion: String(saved.engineVersion ?? ''), waiting, dueAt, position, events };
}
