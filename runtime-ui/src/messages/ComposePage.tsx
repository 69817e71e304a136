import { type FormEvent, useId, useState } from 'react';
import { ApiError, get, post, query } from '../api/client';
import type { Dossier, DossierList } from '../api/types';
import type { Message } from '@cordee/metadata/generated/api/message';
import type { MessageRecipientList } from '@cordee/metadata/generated/api/message-recipient-list';
import { Link, navigate } from '../app/router';
import { LoadStatus } from '../app/Status';
import { personName } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { useSettled } from '../app/useSettled';
import { useMe, useSession } from '../session/session';

interface Chosen {
  id: string;
  name: string;
}

/** Staff: an optional child the message is about, found by name among the dossiers one may read. */
function DossierChoice({ value, onChange }: { value: Chosen | null; onChange(d: Chosen | null): void }) {
  const id = useId();
  const [q, setQ] = useState('');
  const settled = useSettled(q);
  const found = useLoad(() => (settled.trim() ? get<DossierList>(`/api/dossiers${query({ q: settled, limit: 8 })}`) : Promise.resolve(null)), [settled]);
  if (value) {
    return (
      <p>
        Au sujet de : <strong>{value.name}</strong>{' '}
        <button type="button" onClick={() => onChange(null)}>
          Ne plus lier ce message à l’enfant
        </button>
      </p>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>Enfant concerné (facultatif)</label>
      <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" placeholder="Nom ou prénom" />
      <ul className="plain">
        {found.data?.items.map((d) => (
          <li key={d.id}>
            <button type="button" onClick={() => onChange({ id: d.id, name: personName(d) })}>
              Choisir {personName(d)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The message in reply to, the child of the address (`?dossier=`), and the portal's own dossiers. */
function useStart(params: URLSearchParams, portal: boolean) {
  const replyTo = params.get('reponse');
  const dossierParam = params.get('dossier');
  return useLoad(async () => {
    const parent = replyTo ? await get<Message>(`/api/messages/${replyTo}`) : null;
    const linked = dossierParam && !parent ? await get<Dossier>(`/api/dossiers/${dossierParam}`) : null;
    const own = portal ? (await get<DossierList>('/api/dossiers?limit=20')).items.map((d) => ({ id: d.id, name: personName(d) })) : [];
    return { parent, linked: linked ? { id: linked.id, name: personName(linked.identity) } : null, own };
  }, [replyTo, dossierParam, portal]);
}

/** Write a message: recipients from the directory the server allows, an optional child (always one from the portal), subject and text. */
export function ComposePage({ path }: { path: string }) {
  const { portal } = useSession();
  const start = useStart(new URLSearchParams(path.split('?')[1] ?? ''), portal);
  if (!start.data) return <LoadStatus loaded={start} what="Impossible de préparer le message" />;
  return <ComposeForm key={path} {...start.data} portal={portal} />;
}

function ComposeForm({ parent, linked, own, portal }: { parent: Message | null; linked: Chosen | null; own: Chosen[]; portal: boolean }) {
  const id = useId();
  const me = useMe();
  const [dossier, setDossier] = useState<Chosen | null>(parent?.dossier ? { id: parent.dossier.id, name: parent.dossier.name } : (linked ?? own[0] ?? null));
  const [recipients, setRecipients] = useState<Chosen[]>(() => {
    if (!parent) return [];
    if (parent.sender.id !== me.id) return [{ id: parent.sender.id, name: parent.sender.name }];
    return parent.recipients.map((r) => ({ id: r.id, name: r.name }));
  });
  const [q, setQ] = useState('');
  const settled = useSettled(q);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const directory = useLoad(() => get<MessageRecipientList>(`/api/messages/recipients${query({ q: portal ? undefined : settled, dossier: dossier?.id, limit: 20 })}`), [settled, dossier?.id, portal]);
  const chosen = new Set(recipients.map((r) => r.id));
  const toggle = (r: Chosen) => setRecipients((list) => (list.some((x) => x.id === r.id) ? list.filter((x) => x.id !== r.id) : [...list, r]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSending(true);
    try {
      await post<Message>('/api/messages', {
        recipientIds: recipients.map((r) => r.id),
        ...(subject.trim() || !parent ? { subject } : {}),
        body,
        ...(parent ? { replyToId: parent.id } : dossier ? { dossierId: dossier.id } : {}),
      });
      navigate('/messages?boite=envoyes&envoye=1');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', 'Le message n’a pas pu être envoyé.'));
      setSending(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-h`}>
      <p>
        <Link href="/messages">← Retour aux messages</Link>
      </p>
      <h1 id={`${id}-h`}>{parent ? `Répondre à « ${parent.subject} »` : 'Nouveau message'}</h1>
      <form className="card compose" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <div className="error-summary" role="alert">
            <h2>Le message n’a pas été envoyé</h2>
            <p>{error.message}</p>
            {error.issues.length > 1 && (
              <ul>
                {error.issues.map((i) => (
                  <li key={`${i.path}-${i.message}`}>{i.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {parent || portal ? (
          dossier && (
            <p>
              Au sujet de : <strong>{dossier.name}</strong>
            </p>
          )
        ) : (
          <DossierChoice value={dossier} onChange={setDossier} />
        )}
        {portal && !parent && own.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-own`}>Dossier concerné</label>
            <select id={`${id}-own`} value={dossier?.id ?? ''} onChange={(e) => setDossier(own.find((d) => d.id === e.target.value) ?? null)}>
              {own.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>Destinataires</legend>
          {recipients.length > 0 && (
            <ul className="actions" aria-label="Destinataires choisis">
              {recipients.map((r) => (
                <li key={r.id}>
                  <button type="button" onClick={() => toggle(r)} aria-label={`Retirer ${r.name} des destinataires`}>
                    {r.name} ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!portal && (
            <div className="field">
              <label htmlFor={`${id}-q`}>Rechercher un destinataire</label>
              <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" placeholder="Nom d’un professionnel" />
            </div>
          )}
          <LoadStatus loaded={directory} what="Annuaire indisponible" />
          <ul className="plain recipients">
            {directory.data?.items.map((r) => {
              const closed = r.dossierAccess === false;
              return (
                <li key={r.id}>
                  <label>
                    <input type="checkbox" checked={chosen.has(r.id)} disabled={closed && !chosen.has(r.id)} onChange={() => toggle({ id: r.id, name: r.displayName })} /> {r.displayName}{' '}
                    <span className="muted">
                      ({r.detail}
                      {closed && ' — n’a pas accès au dossier de cet enfant'})
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          {directory.data?.items.length === 0 && <p className="muted">Aucun destinataire trouvé.</p>}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-subject`}>{parent ? `Objet (par défaut : « Re : ${parent.subject} »)` : 'Objet'}</label>
          <input id={`${id}-subject`} value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} required={!parent} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>Message</label>
          <textarea id={`${id}-body`} value={body} rows={8} maxLength={10000} onChange={(e) => setBody(e.target.value)} required />
        </div>
        <button type="submit" className="primary" disabled={sending}>
          Envoyer
        </button>
      </form>
    </section>
  );
}
