import { NEVER, addIsoDuration, deadlineProblem, parseInstant, parseIsoDuration, resolveDeadline, timerValue } from './deadlines';

describe('workflow deadlines', () => {
  it('parses ISO-8601 durations, negative ones included, and refuses anything else', () => {
    expect(parseIsoDuration('P15D')).toMatchObject({ sign: 1, days: 15 });
    expect(parseIsoDuration('PT72H')).toMatchObject({ hours: 72 });
    expect(parseIsoDuration('-P15D')).toMatchObject({ sign: -1, days: 15 });
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ sign: 1, years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    for (const bad of ['P', 'PT', '15D', 'P1.5D', 'quinze jours', '']) expect(parseIsoDuration(bad)).toBeNull();
  });

  it('adds months like a calendar (clamped to the end of the month) and days as 24 hours', () => {
    expect(addIsoDuration(new Date('2026-01-31T10:00:00Z'), parseIsoDuration('P1M')!).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addIsoDuration(new Date('2024-01-31T10:00:00Z'), parseIsoDuration('P1M')!).toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(addIsoDuration(new Date('2026-03-01T00:00:00Z'), parseIsoDuration('P15D')!).toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(addIsoDuration(new Date('2026-03-16T00:00:00Z'), parseIsoDuration('-P15D')!).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(addIsoDuration(new Date('2026-01-01T00:00:00Z'), parseIsoDuration('P1Y')!).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reads a date as the end of that day in Europe/Paris, in winter and in summer', () => {
    expect(parseInstant('2026-01-15')!.toISOString()).toBe('2026-01-15T22:59:59.000Z');
    expect(parseInstant('2026-07-15')!.toISOString()).toBe('2026-07-15T21:59:59.000Z');
    expect(parseInstant('2026-07-15T09:30')!.toISOString()).toBe('2026-07-15T07:30:00.000Z');
    expect(parseInstant('2026-07-15T09:30:00Z')!.toISOString()).toBe('2026-07-15T09:30:00.000Z');
    expect(parseInstant('15/07/2026')).toBeNull();
  });

  it('resolves a due date given as a duration from now, or in FEEL relative to a dossier date (D311: contract within 15 days of admission)', () => {
    const now = new Date('2026-03-10T08:00:00Z');
    expect(resolveDeadline('P5D', now, {})!.toISOString()).toBe('2026-03-15T08:00:00.000Z');
    expect(resolveDeadline('= date(admissionDate) + duration("P15D")', now, { admissionDate: '2026-03-02' })!.toISOString()).toBe('2026-03-17T22:59:59.000Z');
    expect(resolveDeadline('= if urgent then duration("PT72H") else duration("P8D")', now, { urgent: true })!.toISOString()).toBe('2026-03-13T08:00:00.000Z');
    expect(resolveDeadline('= null', now, {})).toBeNull();
    expect(() => resolveDeadline('= 42', now, {})).toThrow(/ni une durée ni une date/);
  });

  it('gives the engine a FEEL timer as an ISO instant or duration', () => {
    expect(timerValue('PT2S', {})).toBe('PT2S');
    expect(timerValue('= date(admissionDate) + duration("P1M")', { admissionDate: '2026-01-31' })).toBe('2026-02-28T22:59:59.000Z');
    expect(timerValue('= duration("P8D")', {})).toBe('P8D');
    // no admission date yet: the timer never falls due rather than failing the step
    expect(timerValue('= date(admissionDate) + duration("P15D")', {})).toBe(NEVER);
  });

  it('explains in French why a deadline cannot be read', () => {
    expect(deadlineProblem('P15D')).toBeNull();
    expect(deadlineProblem('= date(admissionDate) + duration("P15D")')).toBeNull();
    expect(deadlineProblem('quinze jours')).toMatch(/ni une durée ISO-8601/);
    expect(deadlineProblem('= date(admissionDate) +')).toMatch(/FEEL/);
  });
});
