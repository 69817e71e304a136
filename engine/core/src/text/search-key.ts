/** Accent- and case-insensitive search keys for names ("Éloïse" -> "eloise"). Pure, no database extension. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Distinct words of the given names, folded: what a search prefix is matched against. */
export function searchTokens(...values: Array<string | null | undefined>): string[] {
  const tokens = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    for (const token of foldText(value).split(' ')) if (token) tokens.add(token);
  }
  return [...tokens];
}
