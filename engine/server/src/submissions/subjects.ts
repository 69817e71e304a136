import type { SubmissionRecord } from '@cordee/db';

/**
 * What the permission rules look at on a submission (CASL subject `Submission`): the same fields as
 * `submissionColumns` in SQL, so single reads and lists answer alike. Without a form (an attachment
 * uploaded before any form refers to it), a rule that names a form does not apply.
 */
export const submissionSubject = (s: Pick<SubmissionRecord, 'dossierId' | 'establishmentId' | 'unitId' | 'status'> & Partial<Pick<SubmissionRecord, 'id' | 'formKind' | 'formKey' | 'createdBy' | 'audience'>>) => ({
  ...(s.id ? { id: s.id } : {}),
  dossierId: s.dossierId,
  establishmentId: s.establishmentId,
  unitId: s.unitId,
  ...(s.formKind ? { formKind: s.formKind } : {}),
  ...(s.formKey ? { formKey: s.formKey } : {}),
  status: s.status,
  ...(s.createdBy ? { createdBy: s.createdBy } : {}),
  ...(s.audience ? { audience: s.audience } : {}),
});
