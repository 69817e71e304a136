import type { MessageDossier as DossierRow, MessageListItem, MessageRecord } from '@cordee/db';
import type { Message } from '@cordee/metadata/generated/api/message';
import type { MessageDossier } from '@cordee/metadata/generated/api/message-dossier';
import type { MessageSummary } from '@cordee/metadata/generated/api/message-summary';

/** `NOM Prénom` of the child, as lists show it. */
export const messageDossierView = (d: DossierRow): MessageDossier => ({
  id: d.id,
  number: d.number,
  name: `${(d.usedName ?? d.birthName).toUpperCase()} ${d.usedFirstName ?? d.firstNames}`,
});

/** A line of a box; a message the caller may no longer open shows neither its subject nor the child. */
export const messageSummaryView = (m: MessageListItem): MessageSummary => ({
  id: m.id,
  subject: m.accessible ? m.subject : null,
  sender: { id: m.senderAccountId, name: m.senderName },
  recipientNames: m.recipientNames,
  dossier: m.accessible && m.dossier ? messageDossierView(m.dossier) : null,
  replyToId: m.replyToId,
  createdAt: m.createdAt.toISOString(),
  readAt: m.readAt?.toISOString() ?? null,
  accessible: m.accessible,
});

export const messageView = (m: MessageRecord, dossier: DossierRow | null, readerId: string): Message => ({
  id: m.id,
  subject: m.subject,
  body: m.body,
  sender: { id: m.senderAccountId, name: m.senderName },
  recipients: m.recipients.map((r) => ({ id: r.accountId, name: r.displayName, readAt: r.readAt?.toISOString() ?? null })),
  dossier: dossier ? messageDossierView(dossier) : null,
  replyToId: m.replyToId,
  threadId: m.threadId,
  createdAt: m.createdAt.toISOString(),
  readAt: m.recipients.find((r) => r.accountId === readerId)?.readAt?.toISOString() ?? null,
});
