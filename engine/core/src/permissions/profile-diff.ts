import { canonicalJson } from '../audit/audit-entry';
import type { ProfileRule } from './ability';

/** One permission a profile rule gives or takes: one action on one subject, under conditions, for one field (null: every field). */
export interface PermissionAtom {
  action: string;
  subject: string;
  conditions: Record<string, unknown> | null;
  field: string | null;
  /** A denial (inverted rule): adding it takes access away, removing it gives access back. */
  inverted: boolean;
}

/** What a new version of a profile gives and takes compared with the previous one, for the publication report. */
export interface ProfileDiff {
  gained: PermissionAtom[];
  lost: PermissionAtom[];
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function atoms(rules: readonly ProfileRule[]): Map<string, PermissionAtom> {
  const out = new Map<string, PermissionAtom>();
  for (const rule of rules) {
    for (const action of list(rule.action)) {
      for (const subject of list(rule.subject)) {
        for (const field of rule.fields ?? [null]) {
          const atom: PermissionAtom = { action, subject, conditions: rule.conditions ?? null, field, inverted: rule.inverted === true };
          out.set(canonicalJson(atom), atom);
        }
      }
    }
  }
  return out;
}

const order = (a: PermissionAtom, b: PermissionAtom) => canonicalJson([a.subject, a.action, a.field, a.conditions]).localeCompare(canonicalJson([b.subject, b.action, b.field, b.conditions]));

/**
 * Gains and losses between two rule sets, per action × subject × conditions × field: a permission
 * added or a denial removed is a gain; a permission removed or a denial added is a loss. A
 * permission whose conditions change reads as one loss and one gain, which is what it is.
 */
export function diffProfileRules(before: readonly ProfileRule[], after: readonly ProfileRule[]): ProfileDiff {
  const a = atoms(before);
  const b = atoms(after);
  const added = [...b].filter(([k]) => !a.has(k)).map(([, atom]) => atom);
  const removed = [...a].filter(([k]) => !b.has(k)).map(([, atom]) => atom);
  return {
    gained: [...added.filter((x) => !x.inverted), ...removed.filter((x) => x.inverted)].sort(order),
    lost: [...removed.filter((x) => !x.inverted), ...added.filter((x) => x.inverted)].sort(order),
  };
}
