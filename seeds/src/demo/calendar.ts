/** Calendar days as ISO strings (YYYY-MM-DD), computed in UTC so the time zone never shifts a day. */
const DAY_MS = 86_400_000;

const parse = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const format = (date: Date): string => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return format(new Date(parse(iso).getTime() + days * DAY_MS));
}

/** The same day `years` later (29 February becomes 1 March in a common year). */
export function addYears(iso: string, years: number): string {
  const d = parse(iso);
  return format(new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate())));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);
}
