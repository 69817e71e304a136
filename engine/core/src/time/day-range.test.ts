import { daysBetween, dayRangeIssues } from './day-range';

describe('ranges of days', () => {
  it('counts days across months, years and the change to summer time', () => {
    expect(daysBetween('2026-11-16', '2026-11-22')).toBe(6);
    expect(daysBetween('2026-12-28', '2027-01-03')).toBe(6);
    expect(daysBetween('2026-03-23', '2026-03-29')).toBe(6);
    expect(daysBetween('2026-11-22', '2026-11-16')).toBe(-6);
  });

  it('accepts a week or a day, refuses a reversed or too long period on the right field', () => {
    expect(dayRangeIssues('2026-11-16', '2026-11-22', 62)).toEqual([]);
    expect(dayRangeIssues('2026-11-16', '2026-11-16', 62)).toEqual([]);
    expect(dayRangeIssues('2026-11-22', '2026-11-16', 62)).toEqual([{ path: '/to', message: 'Le dernier jour précède le premier.' }]);
    expect(dayRangeIssues('2026-01-01', '2026-03-05', 62)).toEqual([{ path: '/to', message: 'La période ne peut dépasser 63 jours.' }]);
    expect(dayRangeIssues('2026-01-01', '2026-03-04', 62)).toEqual([]);
    expect(dayRangeIssues('pas-une-date', '2026-03-04', 62)[0]?.path).toBe('/from');
  });
});
