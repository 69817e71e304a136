import type { SubmissionRecord } from '@cordee/db';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';

/**
 * Who may see who read a submission they read: its author, and those who may consult the staff
 * directory (`read` on `Account`: the chef de service, the director).
 */
export function mayListReaders(ctx: RequestContext, submission: Pick<SubmissionRecord, 'createdBy'>): boolean {
  const user = requireUser(ctx);
  return submission.createdBy === user.accountId || user.ability.can('read', 'Account');
}
