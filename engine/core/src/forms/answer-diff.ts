import { canonicalJson } from '../audit/audit-entry';
import { formatPointer } from './json-pointer';

/** One answer that differs between two revisions of a record, at a concrete data path (`/enfants/0/nom`). */
export interface AnswerChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
/** Lists of groups (repeating sections) are compared item by item; lists of plain values (multiple choice) are one answer. */
const isListOfGroups = (value: unknown): value is unknown[] => Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object');
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * The answers added, removed or changed from one revision to the next, ordered by path. Groups are
 * walked field by field, so a change reads as the field that changed, never as its whole section.
 */
export function diffAnswers(before: unknown, after: unknown): AnswerChange[] {
  const changes: AnswerChange[] = [];
  const walk = (a: unknown, b: unknown, parts: string[]) => {
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        const here = [...parts, key];
        if (!Object.hasOwn(b, key)) changes.push({ path: formatPointer(here), kind: 'removed', before: a[key] });
        else if (!Object.hasOwn(a, key)) changes.push({ path: formatPointer(here), kind: 'added', after: b[key] });
        else walk(a[key], b[key], here);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && (isListOfGroups(a) || isListOfGroups(b))) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const here = [...parts, String(i)];
        if (i >= b.length) changes.push({ path: formatPointer(here), kind: 'removed', before: a[i] });
        else if (i >= a.length) changes.push({ path: formatPointer(here), kind: 'added', after: b[i] });
        else walk(a[i], b[i], here);
      }
      return;
    }
    if (!same(a, b)) changes.push({ path: formatPointer(parts), kind: 'changed', before: a, after: b });
  };
  walk(before ?? {}, after ?? {}, []);
  return changes;
}
