import { AppError, type CompiledWorkflow, type EngineState, type StepCommand, type StepResult, WorkflowStepError } from '@cordee/core';
import { runEngineStep } from './engine-threads';

/**
 * Runs one engine step for a request: a failing step (a condition that cannot be evaluated, no
 * way out of a gateway, a task no longer waiting) becomes a 422 naming the step, and the caller's
 * transaction writes nothing.
 */
export async function engineStep(workflow: CompiledWorkflow, state: EngineState | string | null, variables: Record<string, unknown>, command: StepCommand, now: Date): Promise<StepResult> {
  let step: StepResult;
  try {
    step = await runEngineStep(workflow, state, variables, command);
  } catch (error) {
    if (error instanceof WorkflowStepError) {
      throw new AppError('PROCESS_STEP_FAILED', { detail: error.message, ...(error.elementId ? { issues: [{ path: `/bpmn/${error.elementId}`, message: error.message }] } : {}) });
    }
    throw error;
  }
  // a timer the engine still reports as due (clocks apart by a few ms) is looked at again shortly, never in a tight loop
  if (step.dueAt && step.dueAt.getTime() <= now.getTime()) step.dueAt = new Date(now.getTime() + 1000);
  return step;
}
