/** Days between two calendar days `YYYY-MM-DD` (negative when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What is wrong with a period of days `[from, to]` asked for a list (a week, a month), in French, on the query's fields. */
export function dayRangeIssues(from: string, to: string, maxDays: number): Array<{ path: string; message: string }> {
  const length = daysBetween(from, to);
  if (Number.isNaN(length)) return [{ path: '/from', message: 'La période est invalide.' }];
  if (length < 0) return [{ path: '/to', message: 'Le dernier jour précède le premier.' }];
  if (length > maxDays) return [{ path: '/to', message: `La période ne peut dépasser ${maxDays + 1} jours.` }];
  return [];
}
