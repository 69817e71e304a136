/**
 * Calendar days as the establishments live them: "today" is the date in Europe/Paris, not in UTC
 * (a placement starting on the 1st must cover the night of the 31st to the 1st at 00:30).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localDate(now: Date, timeZone = 'Europe/Paris'): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD; creating a formatter costs far more than using one: keep it.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

/** Full years between a birth date and a day, both `YYYY-MM-DD`. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
