import { auditColumns } from '../stores/audit-query-store';
import { accountColumns } from '../stores/account-store';
import { breakGlassColumns } from '../stores/break-glass-store';
import { documentColumns } from '../stores/document-store';
import { dossierColumns } from '../stores/dossier-store';
import { establishmentColumns, organismeColumns } from '../stores/organisation-store';
import { submissionColumns } from '../stores/submission-store';
import { processColumns } from '../stores/process-store';
import { userTaskColumns } from '../stores/user-task-store';
import type { FieldColumns } from './rules-to-sql';

/** Subjects checked in memory only: the fields of the record handed to the check (no column: never filtered in SQL). */
const inMemory = (...fields: string[]): FieldColumns => Object.fromEntries(fields.map((f) => [f, f]));

/**
 * Every subject a profile rule may name, with the fields its conditions may test: the SQL column
 * maps of the subjects that lists filter in SQL, the record shapes of those checked in memory.
 * Publishing a profile refuses a rule on a subject or a field missing here, so no rule can fail
 * (or be silently ignored) at request time.
 */
export const permissionSubjects: Readonly<Record<string, FieldColumns>> = {
  Dossier: dossierColumns,
  Submission: submissionColumns,
  ProcessInstance: processColumns,
  UserTask: userTaskColumns,
  BreakGlass: breakGlassColumns,
  Audit: auditColumns,
  Account: accountColumns,
  Organisme: organismeColumns,
  Establishment: establishmentColumns,
  Placement: inMemory('dossierId', 'establishmentId', 'unitId'),
  CareTeamMember: inMemory('dossierId', 'establishmentId', 'unitId'),
  UsagerMessage: inMemory('dossierId', 'establishmentId', 'unitId'),
  AccessLog: inMemory('id', 'establishmentId', 'unitId', 'status'),
  Unit: inMemory('establishmentId'),
  Overlay: inMemory('establishmentId', 'organismeId'),
  Metadata: inMemory(),
  Profile: inMemory(),
  Habilitation: inMemory(),
  Document: documentColumns,
  Export: inMemory('establishmentId', 'kind'),
  Reporting: inMemory('establishmentId'),
  UnitPlaces: inMemory('establishmentId', 'unitId'),
  PortalAccount: inMemory('dossierId', 'establishmentId', 'unitId'),
};
