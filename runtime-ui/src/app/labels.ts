/** French labels and formats shared by the pages. */
export const dossierStatusLabels: Record<string, string> = {
  applicant: 'Candidature',
  waiting: 'Liste d’attente',
  admitted: 'Accueilli',
  discharged: 'Sorti',
  archived: 'Archivé',
};

export const identityStatusLabels: Record<string, string> = {
  provisoire: 'Identité provisoire',
  recuperee: 'Identité récupérée',
  validee: 'Identité validée',
  qualifiee: 'Identité qualifiée',
};

export const sexLabels: Record<string, string> = { F: 'Féminin', M: 'Masculin', I: 'Indéterminé' };

const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** `2026-03-01` → `01/03/2026` (a calendar day, no time zone shift). */
export const formatDay = (day: string | null | undefined): string => (day ? dateFormat.format(new Date(`${day.slice(0, 10)}T00:00:00Z`)) : '—');
export const formatDateTime = (at: string | null | undefined): string => (at ? dateTimeFormat.format(new Date(at)) : '—');

export function personName(p: { birthName: string; usedName?: string | null; firstNames: string; usedFirstName?: string | null }): string {
  const last = (p.usedName ?? p.birthName).toUpperCase();
  const first = p.usedFirstName ?? p.firstNames;
  return p.usedName && p.usedName !== p.birthName ? `${last} (né·e ${p.birthName.toUpperCase()}) ${first}` : `${last} ${first}`;
}

export function ageOf(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const age = today.getFullYear() - y - (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d) ? 1 : 0);
  return Math.max(0, age);
}
