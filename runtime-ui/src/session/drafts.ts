/**
 * Typed answers kept in the tab's sessionStorage while they are not saved on the server, so that an
 * expired session, a reload or a lost connection never loses them. Scoped by account: another
 * user of the same tab does not see them.
 */
export interface LocalDraft {
  data: Record<string, unknown>;
  savedAt: string;
}

const PREFIX = 'cordee:draft:';

const keyOf = (accountId: string, scope: string) => `${PREFIX}${accountId}:${scope}`;

export function readDraft(accountId: string, scope: string): LocalDraft | null {
  try {
    const raw = window.sessionStorage.getItem(keyOf(accountId, scope));
    return raw ? (JSON.parse(raw) as LocalDraft) : null;
  } catch {
    return null;
  }
}

export function writeDraft(accountId: string, scope: string, data: Record<string, unknown>): void {
  try {
    window.sessionStorage.setItem(keyOf(accountId, scope), JSON.stringify({ data, savedAt: new Date().toISOString() } satisfies LocalDraft));
  } catch {
    // storage full or disabled: the server autosave still runs
  }
}

export function clearDraft(accountId: string, scope: string): void {
  window.sessionStorage.removeItem(keyOf(accountId, scope));
}
