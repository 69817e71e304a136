import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit-entry';

export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export const parseSemver = (version: string): Semver => {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
};

export const formatSemver = (v: Semver): string => `${v.major}.${v.minor}.${v.patch}`;

/** The version a publication gets: major for breaking changes, minor for additions, patch otherwise; 1.0.0 first. */
export function nextVersion(previous: string | null, change: 'breaking' | 'addition' | 'other'): string {
  if (!previous) return '1.0.0';
  const v = parseSemver(previous);
  if (change === 'breaking') return formatSemver({ major: v.major + 1, minor: 0, patch: 0 });
  if (change === 'addition') return formatSemver({ major: v.major, minor: v.minor + 1, patch: 0 });
  return formatSemver({ major: v.major, minor: v.minor, patch: v.patch + 1 });
}

/** Content address of any metadata: SHA-256 of its canonical JSON. */
export const contentHash = (content: unknown): string => createHash('sha256').update(canonicalJson(content)).digest('hex');
