import { type LegalBasis, type ReportingKind, ageBandOn, legalBases, localDate, statusChangeKind } from '@cordee/core';
import { type ReportingEvent, type Tx, insertReportingEvent, reportingFacts } from '@cordee/db';

/**
 * Reporting events (HAB-5) are written in the transaction of the change they count, from the
 * dossier's facts reduced to codes: an age band, the legal basis, the artefact key.
 */
export async function recordDossierEvent(
  trx: Tx,
  kind: ReportingKind,
  dossier: { id: string; establishmentId: string },
  now: Date,
  extra: Omit<ReportingEvent, 'kind' | 'establishmentId' | 'day' | 'ageBand' | 'legalBasis'> = {},
): Promise<void> {
  const day = localDate(now);
  const facts = await reportingFacts(trx, dossier.id, day);
  const legalBasis = facts?.legalBasis && (legalBases as string[]).includes(facts.legalBasis) ? (facts.legalBasis as LegalBasis) : null;
  await insertReportingEvent(trx, { kind, establishmentId: dossier.establishmentId, day, ageBand: facts ? ageBandOn(facts.birthDate, day) : null, legalBasis, ...extra });
}

/** The event of a dossier status change, when statistics count it (admission, exit, archiving). */
export async function recordStatusChange(trx: Tx, dossier: { id: string; establishmentId: string }, from: string, to: string, now: Date): Promise<void> {
  const kind = statusChangeKind(from, to);
  if (kind) await recordDossierEvent(trx, kind, dossier, now);
}

/** Forms whose final submission is an incident report (W5): counted as incidents. */
const INCIDENT_FORMS = new Set(['incident']);

/** Whether a submission that becomes final is counted in reporting (a grid, an incident). */
export const countsInReporting = (submission: { formKind: 'form' | 'grid'; formKey: string }): boolean => submission.formKind === 'grid' || INCIDENT_FORMS.has(submission.formKey);

/**
 * The event of a submission that became final (created final, or moved from draft to final):
 * a completed grid (with its first score as value when it is a number), or an incident.
 */
export async function recordFinalSubmission(
  trx: Tx,
  submission: { dossierId: string; establishmentId: string; formKind: 'form' | 'grid'; formKey: string },
  wasFinal: boolean,
  gridResult: { scores?: Record<string, unknown> } | null,
  now: Date,
): Promise<void> {
  if (wasFinal) return;
  const dossier = { id: submission.dossierId, establishmentId: submission.establishmentId };
  if (submission.formKind === 'grid') {
    const score = Object.values(gridResult?.scores ?? {}).find((v): v is number => typeof v === 'number');
    await recordDossierEvent(trx, 'grid_completed', dossier, now, { artefact: { kind: 'grid', key: submission.formKey }, value: score ?? null });
  } else if (INCIDENT_FORMS.has(submission.formKey)) {
    await recordDossierEvent(trx, 'incident', dossier, now, { artefact: { kind: 'form', key: submission.formKey } });
  }
}
