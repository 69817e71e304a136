import { addDays, daysBetween } from '../calendar';
import { at } from '../records/people';
import type { PlanContext } from './context';
import type { DemoProcess } from './model';

/** A stay that ended this many days ago: its archiving (W8, one month after the exit) is being prepared. */
const ARCHIVE_WINDOW = { from: 31, to: 75 };

/** The archiving (W8) of the children who left one to two and a half months ago, started by the secretariat a month after their exit. */
export function exitProcesses(ctx: PlanContext): DemoProcess[] {
  return ctx.data.children.flatMap((child) => {
    const last = child.placements[child.placements.length - 1];
    if (child.status !== 'discharged' || !last?.endDate) return [];
    const since = daysBetween(last.endDate, ctx.today);
    if (since < ARCHIVE_WINDOW.from || since > ARCHIVE_WINDOW.to) return [];
    return [{ childKey: child.key, workflow: 'archivage', startedBy: ctx.facts(child).secretariat.login, at: at(addDays(last.endDate, 30), '09:30'), steps: [] }];
  });
}
