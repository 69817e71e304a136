import type { WidgetProps } from '@rjsf/utils';
import { useState } from 'react';
import { get, query } from '../api/client';
import type { MessageRecipientList } from '@cordee/metadata/generated/api/message-recipient-list';
import { useLoad } from '../app/useLoad';
import { useSettled } from '../app/useSettled';
import { useMe } from '../session/session';
import type { AttachmentContext } from './AttachmentField';

type Entry = MessageRecipientList['items'][number];

/** Lower case without accents: what is compared when the user's own name is searched. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The name of the account chosen: the user's own, the one just picked, or the directory's (null
 * when it is not in the user's directory: an account chosen by someone else, elsewhere).
 */
function useChosenName(accountId: string | null, picked: Entry | null): { name: string | null; loading: boolean } {
  const me = useMe();
  const known = accountId === me.id ? me.displayName : picked?.id === accountId ? picked.displayName : null;
  const found = useLoad(
    () => (accountId && known === null ? get<MessageRecipientList>(`/api/messages/recipients${query({ account: accountId, limit: 1 })}`) : Promise.resolve(null)),
    [accountId, known],
  );
  if (known !== null) return { name: known, loading: false };
  return { name: found.data?.items[0]?.displayName ?? null, loading: found.loading };
}

/**
 * A professional designated by their account (`ui:widget: "account"`): the user types part of a
 * colleague's name and picks them from the directory of their establishments (the messaging one,
 * `GET /api/messages/recipients`); the field keeps the account id and shows the name. For a form
 * about a child, those who may not read the child's dossier are shown but cannot be picked (the
 * event would not show in their agenda).
 */
export function AccountWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, registry } = props;
  const me = useMe();
  const dossierId = (registry.formContext as AttachmentContext | undefined)?.dossierId;
  const chosen = typeof value === 'string' && value !== '' ? value : null;
  const [picked, setPicked] = useState<Entry | null>(null);
  const { name, loading } = useChosenName(chosen, picked);
  const [typed, setTyped] = useState('');
  const settled = useSettled(typed.trim());
  const found = useLoad(
    () => (!chosen && settled.length >= 2 ? get<MessageRecipientList>(`/api/messages/recipients${query({ q: settled, dossier: dossierId, limit: 8 })}`) : Promise.resolve(null)),
    [chosen, settled, dossierId],
  );
  if (chosen) {
    const shown = loading ? 'Recherche du nom…' : (name ?? 'Compte hors de votre annuaire');
    return (
      <div className="account-widget">
        <input id={id} type="text" value={shown} readOnly />
        {!readonly && !disabled && (
          <button type="button" onClick={() => onChange(undefined)}>
            Changer
          </button>
        )}
      </div>
    );
  }
  const words = fold(settled).split(/\s+/).filter(Boolean);
  const self: Entry[] = words.length > 0 && words.every((w) => fold(me.displayName).includes(w)) ? [{ id: me.id, displayName: me.displayName, relation: 'professional', detail: 'vous', dossierAccess: null }] : [];
  const entries = found.data ? [...self, ...found.data.items.filter((e) => e.relation === 'professional')] : null;
  return (
    <div className="account-widget">
      <input id={id} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} disabled={disabled || readonly} autoComplete="off" placeholder="Nom d’un professionnel" />
      {found.error && <p role="alert">Annuaire indisponible : {found.error.message}</p>}
      {entries && entries.length === 0 && <p className="muted">Aucun professionnel trouvé.</p>}
      {entries && entries.length > 0 && (
        <ul className="plain" aria-label="Professionnels trouvés">
          {entries.map((e) => {
            const closed = e.dossierAccess === false;
            return (
              <li key={e.id}>
                <button
                  type="button"
                  disabled={closed}
                  onClick={() => {
                    setPicked(e);
                    onChange(e.id);
                  }}
                >
                  {e.displayName}
                </button>{' '}
                <span className="muted">
                  ({e.detail}
                  {closed && ' — n’a pas accès au dossier de cet enfant'})
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
