import { evaluateExpression, expressionProblem } from '../expressions/feel';

/**
 * Deadlines of workflows: ISO-8601 durations (`P15D`, `P1M`, `-P15D`), dates and FEEL expressions
 * (written with a leading `=`, as in the BPMN attributes) that may refer to the process variables,
 * e.g. `= date(admissionDate) + duration("P15D")`. A date without a time means the end of that day
 * in Europe/Paris; a date-time without an offset is read in Europe/Paris too.
 */
export interface IsoDuration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseIsoDuration(value: string): IsoDuration | null {
  const m = DURATION.exec(value.trim());
  if (!m) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { sign: m[1] ? -1 : 1, years: n(2), months: n(3), weeks: n(4), days: n(5), hours: n(6), minutes: n(7), seconds: n(8) };
}

/** Adds a duration the way a calendar does: months are clamped (31 January + P1M = 28 February). */
export function addIsoDuration(from: Date, duration: IsoDuration): Date {
  const d = new Date(from.getTime());
  const months = duration.sign * (duration.years * 12 + duration.months);
  if (months !== 0) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  const days = duration.weeks * 7 + duration.days;
  const ms = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60_000 + duration.seconds * 1000;
  return new Date(d.getTime() + duration.sign * ms);
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });

/** Europe/Paris offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function parisOffsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The instant of a wall-clock time in Europe/Paris. */
export function parisTime(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): Date {
  const asUtc = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  const first = asUtc - parisOffsetMinutes(new Date(asUtc)) * 60_000;
  return new Date(asUtc - parisOffsetMinutes(new Date(first)) * 60_000);
}

/** A date or date-time as an instant; null when the text is neither. */
export function parseInstant(value: string): Date | null {
  const v = value.trim();
  let m = DATE.exec(v);
  if (m) return parisTime(Number(m[1]), Number(m[2]), Number(m[3]), 23, 59, 59);
  m = LOCAL_DATE_TIME.exec(v);
  if (m) return parisTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (ZONED_DATE_TIME.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export const isFeel = (spec: string): boolean => spec.trimStart().startsWith('=');
const feelSource = (spec: string) => spec.trimStart().slice(1).trim();

/** Why a deadline specification cannot be used (null when it can): for the lint at publication. */
export function deadlineProblem(spec: string): string | null {
  if (isFeel(spec)) return expressionProblem(feelSource(spec))?.message ?? null;
  if (parseIsoDuration(spec) || parseInstant(spec)) return null;
  return `« ${spec} » n’est ni une durée ISO-8601 (P15D, PT72H, P1M), ni une date, ni une expression FEEL (commençant par « = »).`;
}

export class DeadlineError extends Error {}

/**
 * The instant a deadline falls on: a duration counts from `now`, an expression is evaluated with
 * the process variables and may give a duration, a date or a date-time; null when the expression
 * gives null (no deadline).
 */
export function resolveDeadline(spec: string, now: Date, variables: Record<string, unknown>): Date | null {
  let value: unknown = spec;
  if (isFeel(spec)) value = evaluateExpression(feelSource(spec), variables);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new DeadlineError(`L’échéance « ${spec} » ne donne ni une durée ni une date (${JSON.stringify(value)}).`);
  const duration = parseIsoDuration(value);
  if (duration) return addIsoDuration(now, duration);
  const instant = parseInstant(value);
  if (instant) return instant;
  throw new DeadlineError(`L’échéance « ${spec} » donne « ${value} », qui n’est ni une durée ni une date.`);
}

/** A timer whose date is not known (FEEL gave null, e.g. no admission date yet): it never falls due. */
export const NEVER = '9999-12-31T23:59:59.000Z';

/** A timer value as bpmn-engine reads it: ISO durations and dates pass through; FEEL is evaluated (dates become ISO instants). */
export function timerValue(spec: string, variables: Record<string, unknown>): string {
  if (!isFeel(spec)) return spec;
  const value = evaluateExpression(feelSource(spec), variables);
  if (value === null || value === undefined) return NEVER;
  if (typeof value !== 'string') throw new DeadlineError(`Le minuteur « ${spec} » ne donne ni une durée ni une date (${JSON.stringify(value)}).`);
  if (parseIsoDuration(value)) return value;
  const instant = parseInstant(value);
  if (!instant) throw new DeadlineError(`Le minuteur « ${spec} » donne « ${value} », qui n’est ni une durée ni une date.`);
  return instant.toISOString();
}
