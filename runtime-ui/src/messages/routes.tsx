import type { ReactElement } from 'react';
import { match } from '../app/router';
import { ComposePage } from './ComposePage';
import { MessagePage } from './MessagePage';
import { MessagesPage } from './MessagesPage';

/** The messaging pages, the same addresses for staff and the portal; null for any other address. */
export function messageRoute(path: string): ReactElement | null {
  if (match('/messages/nouveau', path)) return <ComposePage path={path} />;
  const one = match('/messages/:id', path);
  if (one) return <MessagePage messageId={one.id!} />;
  if (match('/messages', path)) return <MessagesPage path={path} />;
  return null;
}
