import { AppError, type RecipientRelation, encodeCursor, foldText, localDate, messageDraftProblems, replySubject, validationError } from '@cordee/core';
import {
  type DossierAccessRecord,
  type MessageRecord,
  countUnreadMessages,
  currentCareTeamMembers,
  dossierColumns,
  dossierPortalAccounts,
  findDossierAccessRecord,
  getMessage,
  getMessageDossier,
  insertMessage,
  listColleagues,
  listMessages,
  markMessageRead,
  recordAudit,
} from '@cordee/db';
import type { Message } from '@cordee/metadata/generated/api/message';
import type { MessageList } from '@cordee/metadata/generated/api/message-list';
import type { MessageListQuery } from '@cordee/metadata/generated/api/message-list-query';
import type { MessageRecipientList } from '@cordee/metadata/generated/api/message-recipient-list';
import type { MessageRecipientsQuery } from '@cordee/metadata/generated/api/message-recipients-query';
import type { MessageSendRequest } from '@cordee/metadata/generated/api/message-send-request';
import type { MessageUnreadCount } from '@cordee/metadata/generated/api/message-unread-count';
import type { AppDeps } from '../deps';
import { canOn, listFilter, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { dossierSubject } from '../dossiers/subjects';
import { assertRecipients, dossierReaders, mayInformUsager, relationLabels, roleLabels, senderOf } from '../messages/correspondents';
import { messageSummaryView, messageView } from '../messages/views';

const TAGS = ['Messagerie'];

/** The dossier if the caller may read it now, else null (unknown and unreadable alike). */
async function readableDossier(deps: AppDeps, ctx: RequestContext, id: string): Promise<DossierAccessRecord | null> {
  const dossier = await findDossierAccessRecord(deps.db, id);
  return dossier && canOn(ctx, 'read', 'Dossier', dossierSubject(dossier)) ? dossier : null;
}

/**
 * A message the caller sent or received, about no child or about a child whose dossier they may
 * still read; anything else answers 404 (the message stays, closed, in their box).
 */
async function openableMessage(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ message: MessageRecord; dossier: DossierAccessRecord | null }> {
  const user = requireUser(ctx);
  const message = await getMessage(deps.db, id);
  if (!message || (message.senderAccountId !== user.accountId && !message.recipients.some((r) => r.accountId === user.accountId))) throw new AppError('NOT_FOUND');
  if (!message.dossierId) return { message, dossier: null };
  const dossier = await readableDossier(deps, ctx, message.dossierId);
  if (!dossier) throw new AppError('NOT_FOUND');
  return { message, dossier };
}

/**
 * Internal secure messaging (Ségur COO-5 and RU-1): professionals write to each other and, about
 * a child, only to those who may read the child's dossier; the professionals whose profile informs
 * families write to the child and legal representatives, who answer their care team from the portal.
 */
export function messageRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  return [
    route<unknown, MessageRecipientsQuery>({
      method: 'get',
      path: '/api/messages/recipients',
      summary: 'Annuaire des destinataires possibles (professionnels de mes établissements ; pour un enfant, qui peut lire son dossier, l’enfant et ses représentants)',
      tags: TAGS,
      access: 'authenticated',
      query: 'api/message-recipients-query',
      response: 'api/message-recipient-list',
      handler: async ({ ctx, query }): Promise<MessageRecipientList> => {
        const user = requireUser(ctx);
        const sender = await senderOf(deps, user);
        const dossier = query.dossier === undefined ? null : await readableDossier(deps, ctx, query.dossier);
        if (query.dossier !== undefined && !dossier) throw new AppError('NOT_FOUND');
        const words = foldText(query.q ?? '').split(' ').filter(Boolean);
        const limit = query.limit ?? 20;
        // one account already chosen (a form field designating a professional shows their name)
        const only = query.account === undefined ? {} : { onlyIds: [query.account] };
        const reads = dossier ? dossierReaders(deps, dossier) : null;
        const entry = async (accountId: string, displayName: string, relation: RecipientRelation, detail: string) => ({
          id: accountId,
          displayName,
          relation,
          detail,
          dossierAccess: reads ? await reads(accountId) : null,
        });
        if (sender.portal) {
          const team = await currentCareTeamMembers(deps.db, { dossierIds: dossier ? [dossier.id] : user.ownDossierIds, day: today(), words, limit, ...only });
          return { items: await Promise.all(team.map((m) => entry(m.accountId, m.displayName, 'professional', roleLabels(m.detail)))) };
        }
        const colleagues = await listColleagues(deps.db, { scope: sender.scope, day: today(), words, excludeAccountId: user.accountId, limit, ...only });
        const family = dossier && mayInformUsager(ctx, sender, dossier) ? await dossierPortalAccounts(deps.db, { dossierId: dossier.id, words, ...only }) : [];
        return {
          items: await Promise.all([
            ...family.map((p) => entry(p.accountId, p.displayName, p.relation, relationLabels[p.relation])),
            ...colleagues.map((c) => entry(c.accountId, c.displayName, 'professional', c.detail.join(', '))),
          ]),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/messages/unread-count',
      summary: 'Nombre de mes messages non lus',
      tags: TAGS,
      access: 'authenticated',
      response: 'api/message-unread-count',
      handler: async ({ ctx }): Promise<MessageUnreadCount> => {
        const user = requireUser(ctx);
        return { count: await countUnreadMessages(deps.db, user.accountId, listFilter(ctx, 'read', 'Dossier', dossierColumns)) };
      },
    }),
    route<unknown, MessageListQuery>({
      method: 'get',
      path: '/api/messages',
      summary: 'Ma boîte de réception ou mes messages envoyés, du plus récent au plus ancien',
      tags: TAGS,
      access: 'authenticated',
      query: 'api/message-list-query',
      response: 'api/message-list',
      handler: async ({ ctx, query }): Promise<MessageList> => {
        const user = requireUser(ctx);
        const after = timestampCursor(query.cursor);
        const { items, nextAfter } = await listMessages(deps.db, {
          accountId: user.accountId,
          box: query.box ?? 'inbox',
          unreadOnly: query.unread ?? false,
          ...(query.dossier !== undefined ? { dossierId: query.dossier } : {}),
          dossierAccess: listFilter(ctx, 'read', 'Dossier', dossierColumns),
          ...(after ? { after } : {}),
          limit: query.limit ?? 50,
        });
        return { items: items.map(messageSummaryView), nextCursor: nextAfter ? encodeCursor(nextAfter) : null };
      },
    }),
    route<MessageSendRequest>({
      method: 'post',
      path: '/api/messages',
      summary: 'Envoyer un message à des professionnels, ou au sujet d’un enfant à l’enfant et à ses représentants légaux',
      tags: TAGS,
      access: 'authenticated',
      body: 'api/message-send-request',
      response: 'api/message',
      successStatus: 201,
      handler: async ({ ctx, body }): Promise<Message> => {
        const user = requireUser(ctx);
        const sender = await senderOf(deps, user);
        const parent = body.replyToId
          ? await openableMessage(deps, ctx, body.replyToId).catch((error: unknown) => {
              if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
              throw error;
            })
          : null;
        if (body.replyToId && !parent) throw validationError([{ path: '/replyToId', message: 'Le message auquel vous répondez est introuvable.' }]);
        const dossierId = parent ? parent.message.dossierId : (body.dossierId ?? null);
        if (parent && body.dossierId !== undefined && body.dossierId !== dossierId) {
          throw validationError([{ path: '/dossierId', message: 'Une réponse concerne le même enfant que le message d’origine.' }]);
        }
        const subject = body.subject ?? (parent ? replySubject(parent.message.subject) : '');
        const recipientIds = body.recipientIds.map((id) => id.toLowerCase());
        const issues = messageDraftProblems({ subject, body: body.body, recipientIds }, user.accountId);
        const dossier = dossierId ? await readableDossier(deps, ctx, dossierId) : null;
        if (dossierId && !dossier) issues.push({ path: '/dossierId', message: 'Dossier introuvable ou auquel vous n’avez pas accès.' });
        if (sender.portal && !dossierId) issues.push({ path: '/dossierId', message: 'Un message envoyé depuis le portail concerne votre dossier : précisez-le.' });
        if (issues.length > 0) throw validationError(issues);
        await assertRecipients(deps, ctx, sender, dossier, recipientIds);
        return deps.db.transaction(async (trx) => {
          const id = await insertMessage(trx, {
            senderAccountId: user.accountId,
            subject: subject.trim(),
            body: body.body,
            dossierId: dossier?.id ?? null,
            replyTo: parent ? { id: parent.message.id, threadId: parent.message.threadId } : null,
            recipientIds,
          });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'message.send',
              targetType: 'message',
              targetId: id,
              dossierId: dossier?.id ?? null,
              ...(dossier ? { establishmentId: dossier.establishmentId } : {}),
              detail: { recipientIds, replyToId: parent?.message.id ?? null },
            }),
          );
          return messageView((await getMessage(trx, id))!, dossier ? await getMessageDossier(trx, dossier.id) : null, user.accountId);
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/messages/:id',
      summary: 'Lire un message que j’ai envoyé ou reçu (il est alors marqué lu pour moi)',
      tags: TAGS,
      access: 'authenticated',
      response: 'api/message',
      handler: async ({ ctx, params }): Promise<Message> => {
        const user = requireUser(ctx);
        const { message, dossier } = await openableMessage(deps, ctx, params.id!);
        return deps.db.transaction(async (trx) => {
          const readAt = await markMessageRead(trx, message.id, user.accountId, deps.clock.now());
          if (dossier) {
            await recordAudit(trx, auditEvent(ctx, { action: 'message.read', targetType: 'message', targetId: message.id, dossierId: dossier.id, establishmentId: dossier.establishmentId }));
          }
          const recipients = message.recipients.map((r) => (r.accountId === user.accountId ? { ...r, readAt } : r));
          return messageView({ ...message, recipients }, dossier ? await getMessageDossier(trx, dossier.id) : null, user.accountId);
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/messages/:id/read',
      summary: 'Marquer comme lu un message que j’ai reçu, sans l’ouvrir',
      tags: TAGS,
      access: 'authenticated',
      successStatus: 204,
      handler: async ({ ctx, params }): Promise<undefined> => {
        const user = requireUser(ctx);
        const { message } = await openableMessage(deps, ctx, params.id!);
        if (!(await markMessageRead(deps.db, message.id, user.accountId, deps.clock.now()))) throw new AppError('NOT_FOUND');
        return undefined;
      },
    }),
  ];
}
