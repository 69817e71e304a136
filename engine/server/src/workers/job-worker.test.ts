import { backoffDelay } from './job-worker';

describe('retry backoff of external tasks', () => {
  it('doubles the delay at each try, up to its cap, with at most 20 % jitter', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 1000, 60_000, none))).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(backoffDelay(12, 1000, 60_000, none)).toBe(60_000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(4800);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(2, 1000, 60_000);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(2400);
    }
  });
});
