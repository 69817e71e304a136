import { useId, useState } from 'react';
import { get, query } from '../api/client';
import type { MessageList } from '@cordee/metadata/generated/api/message-list';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

const boxes = [
  { value: 'inbox', label: 'Reçus' },
  { value: 'sent', label: 'Envoyés' },
] as const;
type Box = (typeof boxes)[number]['value'];

/** The inbox and the sent box (staff and portal alike): newest first, unread in bold, a message one may no longer open shown closed. */
export function MessagesPage({ path }: { path: string }) {
  const id = useId();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const box: Box = params.get('boite') === 'envoyes' ? 'sent' : 'inbox';
  const [unreadOnly, setUnreadOnly] = useState(false);
  const first = useLoad(() => get<MessageList>(`/api/messages${query({ box, unread: unreadOnly && box === 'inbox' ? 'true' : undefined, limit: 30 })}`), [box, unreadOnly]);
  const [more, setMore] = useState<{ key: string; items: MessageList['items']; next: string | null } | null>(null);
  const key = `${box}|${unreadOnly}`;
  const extra = more?.key === key ? more : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.next : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    const page = await get<MessageList>(`/api/messages${query({ box, unread: unreadOnly && box === 'inbox' ? 'true' : undefined, limit: 30, cursor: next })}`);
    setMore({ key, items: [...(extra?.items ?? []), ...page.items], next: page.nextCursor });
  };
  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Messages</h1>
      {params.get('envoye') && <p role="status">Message envoyé.</p>}
      <p>
        <Link className="button primary" href="/messages/nouveau">
          Nouveau message
        </Link>
      </p>
      <div role="tablist" aria-label="Boîtes" className="tabs">
        {boxes.map((b) => (
          <button key={b.value} type="button" role="tab" aria-selected={box === b.value} onClick={() => navigate(b.value === 'sent' ? '/messages?boite=envoyes' : '/messages', true)}>
            {b.label}
          </button>
        ))}
      </div>
      {box === 'inbox' && (
        <label className="inline">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Seulement les non lus
        </label>
      )}
      <LoadStatus loaded={first} what="Messages indisponibles" />
      {first.data && items.length === 0 && <p className="muted">Aucun message.</p>}
      <ul className="tasks">
        {items.map((m) => (
          <li key={m.id}>
            {m.accessible ? (
              <Link href={`/messages/${m.id}`}>{box === 'inbox' && !m.readAt ? <strong>{m.subject}</strong> : m.subject}</Link>
            ) : (
              <span className="muted">Message au sujet d’un enfant dont vous n’avez plus accès au dossier</span>
            )}
            {box === 'inbox' && !m.readAt && <span className="badge">non lu</span>}
            <span className="muted">
              {' '}
              — {box === 'inbox' ? `de ${m.sender.name}` : `à ${m.recipientNames.join(', ')}`}, le {formatDateTime(m.createdAt)}
              {m.dossier && ` — ${m.dossier.name}`}
            </span>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" onClick={() => void loadMore()}>
          Messages plus anciens
        </button>
      )}
    </section>
  );
}
