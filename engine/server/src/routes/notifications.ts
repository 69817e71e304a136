import { AppError, encodeCursor } from '@cordee/core';
import { type NotificationRecord, listNotifications, markNotificationRead } from '@cordee/db';
import type { Notification } from '@cordee/metadata/generated/api/notification';
import type { NotificationList } from '@cordee/metadata/generated/api/notification-list';
import type { NotificationListQuery } from '@cordee/metadata/generated/api/notification-list-query';
import type { AppDeps } from '../deps';
import { requireUser } from '../http/authorize';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';

const view = (n: NotificationRecord): Notification => ({
  id: n.id,
  kind: n.kind,
  payload: n.payload,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** Each account sees and marks only its own notifications: another's id answers 404. */
export function notificationRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, NotificationListQuery>({
      method: 'get',
      path: '/api/notifications',
      summary: 'Mes notifications, de la plus récente à la plus ancienne',
      tags: ['Notifications'],
      access: 'authenticated',
      query: 'api/notification-list-query',
      response: 'api/notification-list',
      handler: async ({ ctx, query }): Promise<NotificationList> => {
        const user = requireUser(ctx);
        const { items, nextAfter } = await listNotifications(deps.db, user.accountId, {
          unreadOnly: query.unread ?? false,
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit: query.limit ?? 50,
        });
        return { items: items.map(view), nextCursor: nextAfter ? encodeCursor(nextAfter) : null };
      },
    }),
    route({
      method: 'post',
      path: '/api/notifications/:id/read',
      summary: 'Marquer une de mes notifications comme lue',
      tags: ['Notifications'],
      access: 'authenticated',
      response: 'api/notification',
      handler: async ({ ctx, params }): Promise<Notification> => {
        const user = requireUser(ctx);
        const marked = await markNotificationRead(deps.db, user.accountId, params.id!, deps.clock.now());
        if (!marked) throw new AppError('NOT_FOUND');
        return view(marked);
      },
    }),
  ];
}
