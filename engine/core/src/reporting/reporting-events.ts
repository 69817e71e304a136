import { ageOn } from '../time/local-date';

/** What activity statistics count (pde-domain.md HAB-5): codes only, never a name or free text. */
export const reportingKindLabels = {
  admission: 'Admissions',
  exit: 'Sorties',
  incident: 'Incidents et événements indésirables',
  grid_completed: 'Évaluations (grilles) complétées',
  document_generated: 'Documents produits',
  document_signed: 'Signatures et refus tracés',
  dossier_archived: 'Dossiers archivés pour transmission au CD',
  capacity_exported: 'Tableaux des places exportés',
} as const;

export type ReportingKind = keyof typeof reportingKindLabels;

export const ageBands = ['0-2', '3-5', '6-10', '11-14', '15-17', '18-20', '21+'] as const;
export type AgeBand = (typeof ageBands)[number];

/** The age band of a child on a day: the only trace of the birth date a reporting event keeps. */
export function ageBandOn(birthDate: string, day: string): AgeBand {
  const age = Math.max(0, ageOn(birthDate, day));
  if (age <= 2) return '0-2';
  if (age <= 5) return '3-5';
  if (age <= 10) return '6-10';
  if (age <= 14) return '11-14';
  if (age <= 17) return '15-17';
  if (age <= 20) return '18-20';
  return '21+';
}

/** The reporting kind of a dossier status change, if it is one statistics count. */
export function statusChangeKind(from: string, to: string): ReportingKind | null {
  if (from === to) return null;
  if (to === 'admitted') return 'admission';
  if (to === 'discharged' && from === 'admitted') return 'exit';
  if (to === 'archived') return 'dossier_archived';
  return null;
}
