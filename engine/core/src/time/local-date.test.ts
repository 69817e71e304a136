import { ageOn, localDate } from './local-date';

describe('local calendar days', () => {
  it('gives the Paris date, which differs from UTC around midnight', () => {
    expect(localDate(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(localDate(new Date('2024-07-01T21:59:00Z'))).toBe('2024-07-01');
    expect(localDate(new Date('2024-07-01T22:01:00Z'))).toBe('2024-07-02');
  });

  it('counts full years, the day before and on the birthday', () => {
    expect(ageOn('2008-03-15', '2026-03-14')).toBe(17);
    expect(ageOn('2008-03-15', '2026-03-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
