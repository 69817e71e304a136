/** The running processes of the demo dossiers: what the generator plans and the server plays through the engine. */

/** A step of a demo process, made after its start, in order. */
export type DemoProcessStep =
  /** A user task the instance waits in, completed by a demo account with these answers (establishment references resolved at load). */
  | { kind: 'complete'; elementId: string; by: string; at: string; data: Record<string, unknown> }
  /** A task the instance waits in, taken by a demo account who holds one of its profiles: it leaves the others' inboxes for theirs. */
  | { kind: 'claim'; elementId: string; by: string }
  /** The external tasks the instance waits in, done by the job worker. */
  | { kind: 'jobs' };

/** One process of a demo dossier: started by a demo account on the pack's published version, then moved on step by step. */
export interface DemoProcess {
  childKey: string;
  workflow: string;
  /** Login of the demo account that starts it. */
  startedBy: string;
  /** When it was started (ISO date-time, UTC); steps and tasks are dated as they would have been, never after now. */
  at: string;
  variables?: Record<string, unknown>;
  steps: DemoProcessStep[];
}
