import type { DemoData } from '../model';
import type { DemoRecord } from '../records/model';
import { admissionProcesses } from './admission';
import { PlanContext } from './context';
import { exitProcesses } from './exit';
import { stayProcesses } from './stay';
import type { DemoProcess } from './model';

/**
 * The processes running in the demo establishments, for children at every stage of the path (see
 * admission.ts, stay.ts, exit.ts), and the records left to store in bulk: a record a process step
 * stands for is stored by that step's completion instead. Deterministic for the demo data and its
 * records; pure: no I/O.
 */
export function generateDemoProcesses(data: DemoData, records: readonly DemoRecord[]): { processes: DemoProcess[]; records: DemoRecord[] } {
  const ctx = new PlanContext(data, records);
  const processes = [...admissionProcesses(ctx), ...stayProcesses(ctx), ...exitProcesses(ctx)];
  return { processes, records: ctx.remaining() };
}
