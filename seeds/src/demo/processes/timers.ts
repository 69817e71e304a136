/**
 * The engine dates a duration timer (e.g. « 48 hours after the note ») from the instant its step
 * ran; a demo step made at load time stands for a step made earlier (`at`). Each duration timer of
 * a saved bpmn-engine state is moved back by how much earlier the step that started it stands for;
 * timers set on a date (e.g. « 15 days after the admission ») are already right. Pure.
 */
export interface StepWindow {
  /** When the step ran (epoch ms). */
  ranAt: number;
  /** When it stands for (epoch ms). */
  at: number;
}

export function ageDurationTimers(state: unknown, steps: readonly StepWindow[]): { state: unknown; earliest: number | null } {
  let earliest: number | null = null;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)])) as Record<string, unknown>;
    if (entries.timerType !== 'timeDuration' || typeof entries.startedAt !== 'string' || typeof entries.expireAt !== 'string') return entries;
    const started = Date.parse(entries.startedAt);
    const step = [...steps].reverse().find((s) => s.ranAt <= started);
    const shift = step ? step.ranAt - step.at : 0;
    if (shift <= 0) return entries;
    const expireAt = Date.parse(entries.expireAt) - shift;
    earliest = earliest === null ? expireAt : Math.min(earliest, expireAt);
    return { ...entries, startedAt: new Date(started - shift).toISOString(), expireAt: new Date(expireAt).toISOString() };
  };
  return { state: visit(state), earliest };
}
