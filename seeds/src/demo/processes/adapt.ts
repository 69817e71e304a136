import { addDays } from '../calendar';
import type { ChildFacts } from '../records/people';

const DATE = /^(\d{4}-\d{2}-\d{2})(T.*)?$/;

/**
 * A pack example answer made the demo child's own: every date moved by `days` (times of day and
 * the gaps between dates are kept, so the form's own rules still hold), then the example's people
 * and places replaced by the child's (whole words, longest first). Pure.
 */
export function adapted<T>(example: T, days: number, names: Readonly<Record<string, string>> = {}): T {
  const pairs = Object.entries(names).sort((a, b) => b[0].length - a[0].length);
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = DATE.exec(value);
      if (m) return `${addDays(m[1]!, days)}${m[2] ?? ''}`;
      return pairs.reduce((text, [from, to]) => text.split(from).join(to), value);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return visit(structuredClone(example)) as T;
}

/** The people and places of the pack's examples (seeds/src/pack-examples.ts), as the demo child's own. */
export function exampleNames(f: ChildFacts, parent: string): Record<string, string> {
  const staff = (p: { name: string } | null, fallback: string) => p?.name ?? fallback;
  return {
    'Inès Morel': f.fullName,
    'Inès Léa': f.child.identity.firstNames,
    Inès: f.firstName,
    'Sandrine Morel': parent,
    'David Morel': f.father,
    MOREL: f.surname.toUpperCase(),
    Morel: f.surname,
    'Yanis Benali': f.referent.name,
    'Martine Roux': f.chef.name,
    'Élodie Marchand': staff(f.psychologue, 'la psychologue'),
    'Nathalie Perrin': staff(f.infirmier, 'l’infirmière'),
    'Fatima Haddad': staff(f.maitresse, f.referent.name),
    'Sophie Martin': staff(f.veilleur, f.referent.name),
    'Maison d’enfants Les Tilleuls': f.establishmentName,
    Dole: 'Lyon',
    Jura: 'Rhône',
  };
}
