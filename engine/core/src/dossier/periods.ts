import type { ErrorIssue } from '../errors/app-error';

/** A span of calendar days (`YYYY-MM-DD`), both ends included; no end means still running. */
export interface Period {
  startDate: string;
  endDate: string | null;
}

/** The period runs on that day. ISO dates compare as strings. */
export function coversDay(period: Period, day: string): boolean {
  return period.startDate <= day && (period.endDate === null || period.endDate >= day);
}

/** The period covering the day, else the one that started last; null for none. */
export function currentPeriod<P extends Period>(periods: readonly P[], day: string): P | null {
  const covering = periods.find((p) => coversDay(p, day));
  if (covering) return covering;
  let latest: P | null = null;
  for (const p of periods) if (!latest || p.startDate > latest.startDate) latest = p;
  return latest;
}

/** An end before the start is refused, naming the end field. */
export function periodProblems(period: Period, basePath = ''): ErrorIssue[] {
  if (period.endDate !== null && period.endDate < period.startDate) {
    return [{ path: `${basePath}/endDate`, message: 'La date de fin ne peut pas précéder la date de début.' }];
  }
  return [];
}
