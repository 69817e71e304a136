import { coversDay, currentPeriod, periodProblems } from './periods';

describe('periods of placements and care team memberships', () => {
  const closed = { id: 'a', startDate: '2024-01-01', endDate: '2024-06-30' };
  const open = { id: 'b', startDate: '2024-07-01', endDate: null };
  const future = { id: 'c', startDate: '2027-01-01', endDate: null };

  it('covers both end days and runs forever without an end', () => {
    expect(coversDay(closed, '2024-01-01')).toBe(true);
    expect(coversDay(closed, '2024-06-30')).toBe(true);
    expect(coversDay(closed, '2024-07-01')).toBe(false);
    expect(coversDay(open, '2099-12-31')).toBe(true);
  });

  it('picks the period covering the day, else the one that started last', () => {
    expect(currentPeriod([closed, open], '2024-03-01')?.id).toBe('a');
    expect(currentPeriod([closed, open], '2025-03-01')?.id).toBe('b');
    expect(currentPeriod([closed, future], '2025-03-01')?.id).toBe('c');
    expect(currentPeriod([], '2025-03-01')).toBeNull();
  });

  it('refuses an end before the start, naming the end field', () => {
    expect(periodProblems({ startDate: '2024-02-01', endDate: '2024-01-31' }, '/placement')).toEqual([{ path: '/placement/endDate', message: expect.stringMatching(/fin/) }]);
    expect(periodProblems({ startDate: '2024-02-01', endDate: '2024-02-01' })).toEqual([]);
  });
});
