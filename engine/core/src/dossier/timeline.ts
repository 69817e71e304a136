/** One event of a dossier's timeline: `at` is an ISO date-time (millisecond precision), `key` unique per event. */
export interface TimelineEvent {
  key: string;
  at: string;
  kind: 'dossier_created' | 'identity_status' | 'placement_start' | 'placement_end' | 'care_team_start' | 'care_team_end' | 'submission';
  label: string;
  actorName: string | null;
  submissionId: string | null;
}

/** Position of the last event of a page: the next page holds the events strictly after it, newest first. */
export type TimelinePosition = [at: string, key: string];

const newestFirst = (a: TimelineEvent, b: TimelineEvent): number => (a.at === b.at ? (a.key < b.key ? 1 : a.key > b.key ? -1 : 0) : a.at < b.at ? 1 : -1);

const isAfter = (e: TimelineEvent, [at, key]: TimelinePosition): boolean => e.at < at || (e.at === at && e.key < key);

/**
 * One page of a timeline merged from several sources: events sorted newest first (ties broken by key),
 * those after `after` when given, at most `limit`, and the position to continue from when more remain.
 */
export function pageTimeline(events: TimelineEvent[], limit: number, after?: TimelinePosition): { items: TimelineEvent[]; next: TimelinePosition | null } {
  const remaining = (after ? events.filter((e) => isAfter(e, after)) : [...events]).sort(newestFirst);
  const items = remaining.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: remaining.length > limit && last ? [last.at, last.key] : null };
}

/** A calendar day as the instant its timeline event is placed at (midnight UTC of that day). */
export const dayInstant = (day: string): string => `${day}T00:00:00.000Z`;
