import { parentPort } from 'node:worker_threads';
import { type CompiledWorkflow, type EngineState, type StepCommand, type WorkflowElement, WorkflowStepError, compileWorkflow, runStep } from '@cordee/core';
import type { StepReply } from './engine-threads';

/** The body of an engine thread: compiles each definition version once, then runs the steps it is sent. */
const compiled = new Map<string, CompiledWorkflow>();

interface StepRequest {
  id: number;
  versionId: string;
  definition?: { key: string; version: string; serialized: string; elements: Map<string, WorkflowElement> };
  state: EngineState | string | null;
  variables: Record<string, unknown>;
  command: StepCommand;
}

parentPort!.on('message', (request: StepRequest) => {
  void (async (): Promise<StepReply> => {
    try {
      if (request.definition) compiled.set(request.versionId, compileWorkflow({ versionId: request.versionId, ...request.definition }));
      const workflow = compiled.get(request.versionId);
      if (!workflow) throw new Error(`definition ${request.versionId} unknown to this engine thread`);
      return { id: request.id, result: await runStep(workflow, request.state, request.variables, request.command) };
    } catch (error) {
      return { id: request.id, error: { message: (error as Error).message, elementId: error instanceof WorkflowStepError ? error.elementId : null, step: error instanceof WorkflowStepError } };
    }
  })().then((reply) => parentPort!.postMessage(reply));
});
