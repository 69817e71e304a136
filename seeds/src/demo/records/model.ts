/** The answers the demo gives on the pack's forms and grids: what the generator produces and the server stores. */

/** One final submission of a demo dossier, as a professional of the child's team would have entered it. */
export interface DemoRecord {
  childKey: string;
  kind: 'form' | 'grid';
  form: string;
  /** Login of the demo account that wrote it. */
  authorLogin: string;
  /** When it was written (ISO date-time, UTC). */
  at: string;
  data: Record<string, unknown>;
}

const ESTABLISHMENT_REF = '@establishment:';

/** Stands for the id of a demo establishment in generated answers (ids exist only once loaded). */
export const establishmentRef = (key: string): string => `${ESTABLISHMENT_REF}${key}`;

/** A copy of the answers where every establishment reference is replaced by the loaded establishment's id. */
export function resolveDemoRefs<T>(value: T, establishmentIds: ReadonlyMap<string, string>): T {
  if (typeof value === 'string' && value.startsWith(ESTABLISHMENT_REF)) {
    const id = establishmentIds.get(value.slice(ESTABLISHMENT_REF.length));
    if (!id) throw new Error(`unknown demo establishment in ${value}`);
    return id as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveDemoRefs(v, establishmentIds)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDemoRefs(v, establishmentIds)])) as T;
  }
  return value;
}
