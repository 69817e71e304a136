import { type TimelineEvent, dayInstant, pageTimeline } from './timeline';

const event = (key: string, at: string): TimelineEvent => ({ key, at, kind: 'submission', label: key, actorName: null, submissionId: null });

describe('pageTimeline', () => {
  const events = [
    event('a', '2026-01-01T10:00:00.000Z'),
    event('c', '2026-01-03T10:00:00.000Z'),
    event('b1', '2026-01-02T10:00:00.000Z'),
    event('b2', '2026-01-02T10:00:00.000Z'),
  ];

  it('sorts newest first, ties by key, and gives the position of the last item when more remain', () => {
    const page = pageTimeline(events, 2);
    expect(page.items.map((e) => e.key)).toEqual(['c', 'b2']);
    expect(page.next).toEqual(['2026-01-02T10:00:00.000Z', 'b2']);
  });

  it('continues strictly after the position, splitting a tie between pages without loss or repeat', () => {
    const first = pageTimeline(events, 2);
    const second = pageTimeline(events, 2, first.next!);
    expect(second.items.map((e) => e.key)).toEqual(['b1', 'a']);
    expect(second.next).toBeNull();
    const all = [...first.items, ...second.items].map((e) => e.key);
    expect(new Set(all).size).toBe(events.length);
  });

  it('returns an empty last page and does not change its input', () => {
    const copy = [...events];
    expect(pageTimeline(events, 10, ['2026-01-01T10:00:00.000Z', 'a'])).toEqual({ items: [], next: null });
    expect(events).toEqual(copy);
  });

  it('places a calendar day at its midnight UTC, comparable with instants', () => {
    expect(dayInstant('2026-01-02')).toBe('2026-01-02T00:00:00.000Z');
    expect(dayInstant('2026-01-02') < '2026-01-02T10:00:00.000Z').toBe(true);
  });
});
