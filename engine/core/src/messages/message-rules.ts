import type { ErrorIssue } from '../errors/app-error';

/** The bounds of a message: subject and body lengths are also in the request schema and the database. */
export const MESSAGE_LIMITS = { subject: 200, body: 10_000, recipients: 20 } as const;

export interface MessageDraft {
  subject: string;
  body: string;
  recipientIds: readonly string[];
}

/**
 * What the schema cannot see in a message about to be sent: a subject or a body made of blanks
 * only, no recipient or too many, a recipient named twice, the sender among the recipients. Each problem names its field.
 */
export function messageDraftProblems(draft: MessageDraft, senderId: string): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (draft.subject.trim() === '') issues.push({ path: '/subject', message: 'L’objet du message est obligatoire.' });
  if (draft.body.trim() === '') issues.push({ path: '/body', message: 'Le message est vide : écrivez le texte à envoyer.' });
  if (draft.recipientIds.length === 0) issues.push({ path: '/recipientIds', message: 'Choisissez au moins un destinataire.' });
  if (draft.recipientIds.length > MESSAGE_LIMITS.recipients) {
    issues.push({ path: '/recipientIds', message: `Au plus ${MESSAGE_LIMITS.recipients} destinataires par message (${draft.recipientIds.length} choisis).` });
  }
  const seen = new Set<string>();
  draft.recipientIds.forEach((raw, index) => {
    const id = raw.toLowerCase();
    if (id === senderId.toLowerCase()) issues.push({ path: `/recipientIds/${index}`, message: 'Vous ne pouvez pas vous envoyer un message à vous-même.' });
    else if (seen.has(id)) issues.push({ path: `/recipientIds/${index}`, message: 'Ce destinataire figure déjà dans la liste.' });
    seen.add(id);
  });
  return issues;
}

/** How a recipient stands towards the sender and the dossier of the message. */
export type RecipientRelation = 'professional' | 'usager' | 'legal_representative';

export interface RecipientFacts {
  /** Active account among the sender's correspondents: a professional of their establishments, or a portal account of the message's dossier. */
  relation: RecipientRelation | null;
  /** The recipient may read the message's dossier now (their own rules). */
  readsDossier: boolean;
  /** The recipient belongs to the dossier's care team today. */
  inCareTeam: boolean;
}

export interface SenderFacts {
  /** A young person or legal representative writing from the portal. */
  portal: boolean;
  /** The message is about a child (linked to a dossier). */
  dossierLinked: boolean;
  /** The sender's profile lets them write to the dossier's usager and legal representatives. */
  mayInformUsager: boolean;
}

export type RecipientRefusal = 'unknown' | 'no_dossier_access' | 'usager_not_allowed' | 'outside_care_team';

/**
 * Whether a recipient may receive the message, and why not. A child's information goes only to
 * those who may read the child's dossier themselves; the usager and legal representatives hear
 * from the professionals whose profile informs families, and write back only to the care team.
 */
export function recipientRefusal(sender: SenderFacts, recipient: RecipientFacts): RecipientRefusal | null {
  if (sender.portal) {
    return recipient.relation === 'professional' && recipient.inCareTeam && recipient.readsDossier && sender.dossierLinked ? null : 'outside_care_team';
  }
  if (recipient.relation === null) return 'unknown';
  if (recipient.relation !== 'professional') {
    if (!sender.dossierLinked) return 'unknown';
    if (!sender.mayInformUsager) return 'usager_not_allowed';
  }
  if (sender.dossierLinked && !recipient.readsDossier) return 'no_dossier_access';
  return null;
}

/** `Re : ` once in front of the subject of a reply, cut to the subject's bound. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(re\s*:\s*)+/i, '');
  return `Re : ${bare}`.slice(0, MESSAGE_LIMITS.subject);
}
