import { get } from '../api/client';
import type { MessageUnreadCount } from '@cordee/metadata/generated/api/message-unread-count';
import { useLoad } from '../app/useLoad';

/** The number of unread messages beside the navigation link, refreshed at each change of page. */
export function UnreadBadge({ path }: { path: string }) {
  const unread = useLoad(() => get<MessageUnreadCount>('/api/messages/unread-count'), [path]);
  const count = unread.data?.count ?? 0;
  if (count === 0) return null;
  return (
    <span className="badge level-danger unread-count">
      {count}
      <span className="visually-hidden"> non lu{count > 1 ? 's' : ''}</span>
    </span>
  );
}
