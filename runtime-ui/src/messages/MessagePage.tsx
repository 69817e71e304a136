import { useId } from 'react';
import { get } from '../api/client';
import type { Message } from '@cordee/metadata/generated/api/message';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { useMe, useSession } from '../session/session';

/** One message, opened (the server marks it read for me and audits the read of a child's data), with a reply button. */
export function MessagePage({ messageId }: { messageId: string }) {
  const id = useId();
  const me = useMe();
  const { portal } = useSession();
  const loaded = useLoad(() => get<Message>(`/api/messages/${messageId}`), [messageId]);
  const m = loaded.data;
  return (
    <article aria-labelledby={`${id}-h`}>
      <p>
        <Link href="/messages">← Retour aux messages</Link>
      </p>
      {!m && <LoadStatus loaded={loaded} what="Message introuvable ou qui ne vous est plus accessible" />}
      {m && (
        <>
          <h1 id={`${id}-h`}>{m.subject}</h1>
          <dl className="facts card">
            <dt>De</dt>
            <dd>{m.sender.name}</dd>
            <dt>À</dt>
            <dd>
              {m.recipients.map((r, i) => (
                <span key={r.id}>
                  {i > 0 && ', '}
                  {r.name}
                  {m.sender.id === me.id && <span className="muted"> ({r.readAt ? `lu le ${formatDateTime(r.readAt)}` : 'non lu'})</span>}
                </span>
              ))}
            </dd>
            <dt>Envoyé le</dt>
            <dd>{formatDateTime(m.createdAt)}</dd>
            {m.dossier && (
              <>
                <dt>Au sujet de</dt>
                <dd>{portal ? m.dossier.name : <Link href={`/dossiers/${m.dossier.id}`}>{`${m.dossier.name} (dossier n° ${m.dossier.number})`}</Link>}</dd>
              </>
            )}
            {m.replyToId && (
              <>
                <dt>En réponse à</dt>
                <dd>
                  <Link href={`/messages/${m.replyToId}`}>au message précédent</Link>
                </dd>
              </>
            )}
          </dl>
          <div className="card feed-text">{m.body}</div>
          <p>
            <Link className="button primary" href={`/messages/nouveau?reponse=${m.id}`}>
              Répondre
            </Link>
          </p>
        </>
      )}
    </article>
  );
}
