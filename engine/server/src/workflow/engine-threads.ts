import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type CompiledWorkflow, type EngineState, type StepCommand, type StepResult, WorkflowStepError, runStep } from '@cordee/core';

/**
 * Where engine steps run. A bpmn-engine step is pure CPU (a few milliseconds); in worker threads
 * the server's other cores run them while the main thread serves HTTP and talks to PostgreSQL. A
 * thread gets each definition version once (its serialized source context) and compiles it for
 * itself. Without threads (the default in tests), steps run in the calling thread.
 */
interface Pending {
  resolve(result: StepResult): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  known: Set<string>;
  pending: Map<number, Pending>;
}

export interface StepReply {
  id: number;
  result?: StepResult;
  error?: { message: string; elementId: string | null; step: boolean };
}

let threads: Thread[] = [];
/** Threads wanted: they are started at the first step, so that they do not slow the server's start. */
let wanted = 0;
let sequence = 0;

function spawnThread(): Thread {
  const worker = new Worker(join(__dirname, 'engine-thread.cjs'));
  const thread: Thread = { worker, known: new Set(), pending: new Map() };
  worker.on('message', (reply: StepReply) => {
    const waiting = thread.pending.get(reply.id);
    if (!waiting) return;
    thread.pending.delete(reply.id);
    if (reply.result) waiting.resolve(reply.result);
    else waiting.reject(reply.error?.step ? new WorkflowStepError(reply.error.message, reply.error.elementId) : new Error(reply.error?.message ?? 'engine thread failed'));
  });
  worker.on('error', (error) => {
    for (const waiting of thread.pending.values()) waiting.reject(error);
    thread.pending.clear();
    threads = threads.map((t) => (t === thread ? spawnThread() : t));
  });
  worker.unref();
  return thread;
}

/** Runs engine steps in `count` threads from the first step on (0: in the calling thread). */
export function startEngineThreads(count: number): number {
  wanted = Math.max(0, count);
  return wanted;
}

export async function stopEngineThreads(): Promise<void> {
  const stopping = threads;
  threads = [];
  wanted = 0;
  await Promise.all(stopping.map((t) => t.worker.terminate()));
}

/** One engine step (see runStep), on the least busy engine thread when there are some. */
export function runEngineStep(workflow: CompiledWorkflow, state: EngineState | string | null, variables: Record<string, unknown>, command: StepCommand): Promise<StepResult> {
  if (wanted === 0) return runStep(workflow, state, variables, command);
  if (threads.length === 0) threads = Array.from({ length: wanted }, spawnThread);
  const thread = threads.reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
  const id = ++sequence;
  const definition = thread.known.has(workflow.versionId) ? undefined : { key: workflow.key, version: workflow.version, serialized: workflow.serialized, elements: workflow.elements };
  thread.known.add(workflow.versionId);
  return new Promise<StepResult>((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    thread.worker.postMessage({ id, versionId: workflow.versionId, definition, state, variables, command });
  });
}
