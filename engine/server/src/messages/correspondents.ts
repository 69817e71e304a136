import { subject as asSubject } from '@casl/ability';
import {
  AppError,
  type ErrorIssue,
  type RecipientFacts,
  type RecipientRefusal,
  type RecipientRelation,
  careTeamRoleLabels,
  localDate,
  recipientRefusal,
} from '@cordee/core';
import type { ErrorCode } from '@cordee/metadata';
import { type DossierAccessRecord, type StaffScope, currentCareTeamMembers, dossierPortalAccounts, listColleagues } from '@cordee/db';
import type { AppDeps } from '../deps';
import { canOn } from '../http/authorize';
import type { AuthenticatedUser, RequestContext } from '../http/context';
import { abilityOf } from '../permissions/abilities';
import { userContextFor } from '../auth/user-context';
import { careTeamSubject, dossierSubject } from '../dossiers/subjects';

/** Who is writing: from the portal (every profile of the usager kind) or as a professional of some establishments. */
export interface Sender {
  user: AuthenticatedUser;
  portal: boolean;
  scope: StaffScope;
}

export async function senderOf(deps: AppDeps, user: AuthenticatedUser): Promise<Sender> {
  const profiles = await deps.profiles();
  const staff = user.assignments.filter((a) => profiles.get(a.profileKey)?.kind !== 'usager');
  const unique = (ids: Array<string | null>) => [...new Set(ids.filter((id): id is string => id !== null))];
  return {
    user,
    portal: user.assignments.length > 0 && staff.length === 0,
    scope: {
      establishmentIds: unique(staff.map((a) => a.establishmentId)),
      organismeIds: unique(staff.filter((a) => a.establishmentId === null).map((a) => a.organismeId)),
    },
  };
}

/** The sender's profile lets them write to this child and the child's legal representatives. */
export const mayInformUsager = (ctx: RequestContext, sender: Sender, dossier: DossierAccessRecord): boolean =>
  !sender.portal && canOn(ctx, 'send', 'UsagerMessage', careTeamSubject(dossier));

/** Whether other accounts may read a dossier under their own rules today (one ability per account, built once). */
export function dossierReaders(deps: AppDeps, dossier: DossierAccessRecord): (accountId: string) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  return (accountId) => {
    let answer = answers.get(accountId);
    if (!answer) {
      answer = userContextFor(deps, accountId).then(async (context) => (await abilityOf(deps, context)).can('read', asSubject('Dossier', dossierSubject(dossier))));
      answers.set(accountId, answer);
    }
    return answer;
  };
}

export const relationLabels: Record<RecipientRelation, string> = { professional: 'Professionnel', usager: 'Enfant / jeune accueilli', legal_representative: 'Représentant légal' };
export const roleLabels = (roles: string[]) => roles.map((r) => careTeamRoleLabels[r as keyof typeof careTeamRoleLabels] ?? r).join(', ');

const refusalCodes: Record<RecipientRefusal, ErrorCode> = {
  unknown: 'MESSAGE_RECIPIENT_UNKNOWN',
  no_dossier_access: 'MESSAGE_RECIPIENT_NO_DOSSIER_ACCESS',
  usager_not_allowed: 'MESSAGE_USAGER_NOT_ALLOWED',
  outside_care_team: 'MESSAGE_OUTSIDE_CARE_TEAM',
};

/** The French sentence of a refusal; names only people the sender may already see (never an unknown account). */
function refusalMessage(refusal: RecipientRefusal, name: string | undefined): string {
  switch (refusal) {
    case 'no_dossier_access':
      return `${name} n’a pas accès au dossier de cet enfant : le message ne peut pas lui être envoyé.`;
    case 'usager_not_allowed':
      return `Votre profil ne permet pas d’écrire à ${name} (enfant ou représentant légal).`;
    case 'outside_care_team':
      return 'Ce destinataire ne fait pas partie des professionnels qui vous accompagnent.';
    default:
      return 'Destinataire inconnu : ce compte n’existe pas, est désactivé ou ne fait pas partie de vos interlocuteurs.';
  }
}

/**
 * Checks every recipient of a message before it is written: 422 naming each refused recipient
 * (by position, and by name when the sender may know them), with the code of the first refusal.
 */
export async function assertRecipients(deps: AppDeps, ctx: RequestContext, sender: Sender, dossier: DossierAccessRecord | null, recipientIds: readonly string[]): Promise<void> {
  const day = localDate(deps.clock.now());
  const known = new Map<string, { name: string; relation: RecipientRelation; inCareTeam: boolean }>();
  if (sender.portal) {
    const team = dossier ? await currentCareTeamMembers(deps.db, { dossierIds: [dossier.id], day, onlyIds: recipientIds }) : [];
    for (const m of team) known.set(m.accountId, { name: m.displayName, relation: 'professional', inCareTeam: true });
  } else {
    const colleagues = await listColleagues(deps.db, { scope: sender.scope, day, onlyIds: recipientIds, excludeAccountId: sender.user.accountId, limit: recipientIds.length });
    for (const c of colleagues) known.set(c.accountId, { name: c.displayName, relation: 'professional', inCareTeam: false });
    for (const p of dossier ? await dossierPortalAccounts(deps.db, { dossierId: dossier.id, onlyIds: recipientIds }) : []) known.set(p.accountId, { name: p.displayName, relation: p.relation, inCareTeam: false });
  }
  const reads = dossier ? dossierReaders(deps, dossier) : null;
  const senderFacts = { portal: sender.portal, dossierLinked: dossier !== null, mayInformUsager: dossier !== null && mayInformUsager(ctx, sender, dossier) };
  const refusals: Array<{ refusal: RecipientRefusal; issue: ErrorIssue }> = [];
  for (const [index, rawId] of recipientIds.entries()) {
    const id = rawId.toLowerCase();
    const recipient = known.get(id);
    const facts: RecipientFacts = {
      relation: recipient?.relation ?? null,
      inCareTeam: recipient?.inCareTeam ?? false,
      readsDossier: recipient !== undefined && reads !== null && (await reads(id)),
    };
    const refusal = recipientRefusal(senderFacts, facts);
    if (refusal) refusals.push({ refusal, issue: { path: `/recipientIds/${index}`, message: refusalMessage(refusal, recipient?.name) } });
  }
  const [first] = refusals;
  if (first) throw new AppError(refusalCodes[first.refusal], { detail: refusals.map((r) => r.issue.message).join(' '), issues: refusals.map((r) => r.issue) });
}
