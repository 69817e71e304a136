import type { AgeBand, LegalBasis, ReportingKind } from '@cordee/core';
import type { Db, Tx } from '../connection';

/** One activity event: codes, a day, bands and a number; the table has no column for a name or free text. */
export interface ReportingEvent {
  kind: ReportingKind;
  establishmentId: string;
  day: string;
  ageBand?: AgeBand | null;
  legalBasis?: LegalBasis | null;
  artefact?: { kind: 'form' | 'grid' | 'template'; key: string } | null;
  signatureMode?: 'electronic' | 'scanned_paper' | 'refused' | null;
  signatoryRole?: 'professional' | 'young_person' | 'legal_representative' | null;
  value?: number | null;
}

/** Records an event in the caller's transaction: the same one as the change it counts. */
export async function insertReportingEvent(trx: Db | Tx, event: ReportingEvent): Promise<void> {
  await trx('reporting_event').insert({
    kind: event.kind,
    establishment_id: event.establishmentId,
    day: event.day,
    age_band: event.ageBand ?? null,
    legal_basis: event.legalBasis ?? null,
    artefact_kind: event.artefact?.kind ?? null,
    artefact_key: event.artefact?.key ?? null,
    signature_mode: event.signatureMode ?? null,
    signatory_role: event.signatoryRole ?? null,
    value: event.value ?? null,
  });
}

export interface ReportingGroup {
  kind: ReportingKind;
  ageBand: string | null;
  legalBasis: string | null;
  artefactKey: string | null;
  signatureMode: string | null;
  count: number;
  valueAverage: number | null;
}

/** Counts of the events of an establishment between two days (inclusive), grouped by every code they carry. */
export async function reportingGroups(db: Db | Tx, query: { establishmentId: string; from: string; to: string }): Promise<ReportingGroup[]> {
  const rows = (await db('reporting_event')
    .where('establishment_id', query.establishmentId)
    .whereBetween('day', [query.from, query.to])
    .groupBy(['kind', 'age_band', 'legal_basis', 'artefact_key', 'signature_mode'])
    .orderBy(['kind', 'age_band', 'legal_basis', 'artefact_key', 'signature_mode'])
    .select(
      'kind',
      'age_band as ageBand',
      'legal_basis as legalBasis',
      'artefact_key as artefactKey',
      'signature_mode as signatureMode',
      db.raw('count(*)::int as count'),
      db.raw('round(avg(value), 2)::float8 as "valueAverage"'),
    )) as ReportingGroup[];
  return rows;
}

/** What a reporting event keeps of a dossier on a day: its birth date (to make an age band of it) and the legal basis of the placement covering the day, else the latest. */
export async function reportingFacts(db: Db | Tx, dossierId: string, day: string): Promise<{ birthDate: string; legalBasis: string | null } | null> {
  const row = (await db('dossier as d')
    .where('d.id', dossierId)
    .first(
      db.raw(`to_char(d.birth_date, 'YYYY-MM-DD') as "birthDate"`),
      db.raw(
        `(select p.legal_basis from placement p where p.dossier_id = d.id
           order by (p.start_date <= ?::date and (p.end_date is null or p.end_date >= ?::date)) desc, p.start_date desc limit 1) as "legalBasis"`,
        [day, day],
      ),
    )) as { birthDate: string; legalBasis: string | null } | undefined;
  return row ?? null;
}
