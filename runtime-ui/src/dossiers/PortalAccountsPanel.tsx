import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, get, post } from '../api/client';
import type { DossierSynthesis, PortalAccount, PortalAccountCreated, PortalAccountList } from '../api/types';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useAction } from '../app/useAction';
import { useLoad } from '../app/useLoad';

type Actions = DossierSynthesis['actions']['portalAccounts'];
type Role = PortalAccount['role'];

const roleLabels: Record<Role, string> = { usager: 'L’enfant ou le jeune', tap: 'Représentant légal' };

/** A refused opening names its fields' problems (login taken, name empty); anything else its message. */
const issuesOrMessage = (e: unknown): string =>
  e instanceof ApiError && e.issues.length > 0 ? e.issues.map((i) => i.message).join(' ') : e instanceof Error ? e.message : String(e);

/** The initial password of the account just opened: shown this once, to hand over in person. */
function InitialPassword({ created, onDone }: { created: PortalAccountCreated; onDone(): void }) {
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} tabIndex={-1} className="error-summary" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Mot de passe initial de {created.account.displayName}</h3>
      <dl className="facts">
        <dt>Identifiant</dt>
        <dd>
          <code>{created.account.login}</code>
        </dd>
        <dt>Mot de passe initial</dt>
        <dd>
          <code className="initial-password">{created.initialPassword}</code>
        </dd>
      </dl>
      <p>
        <strong>Notez-le maintenant : il ne sera plus jamais affiché</strong> (Cordée n’en garde qu’une empreinte). Remettez-le en main propre à {created.account.displayName}, jamais par
        un message. À sa première connexion, la personne devra choisir son propre mot de passe.
      </p>
      <button type="button" onClick={onDone}>
        J’ai noté le mot de passe
      </button>
    </section>
  );
}

function OpenForm({ dossierId, onOpened }: { dossierId: string; onOpened(created: PortalAccountCreated): void }) {
  const id = useId();
  const [role, setRole] = useState<Role>('usager');
  const [displayName, setDisplayName] = useState('');
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const { busy, error, run } = useAction(issuesOrMessage);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await post<PortalAccountCreated>(`/api/dossiers/${dossierId}/portal-accounts`, { role, displayName, login: login.trim(), ...(email.trim() ? { email: email.trim() } : {}) });
      setDisplayName('');
      setLogin('');
      setEmail('');
      onOpened(created);
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Ouvrir un compte du portail</h3>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-role`}>Pour</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="usager">L’enfant ou le jeune</option>
            <option value="tap">Un représentant légal (autorité parentale)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Nom affiché</label>
          <input id={`${id}-name`} value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-login`}>Identifiant de connexion</label>
          <input id={`${id}-login`} value={login} onChange={(e) => setLogin(e.target.value)} required maxLength={100} pattern="[A-Za-z0-9][A-Za-z0-9._@\-]{1,99}" aria-describedby={`${id}-login-help`} />
          <span id={`${id}-login-help`} className="muted">
            Lettres, chiffres, . _ @ -
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Adresse électronique (facultative)</label>
          <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} />
        </div>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Ouvrir le compte
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Revoking asks for a confirmation in the row: the account's sessions end at once. */
function RevokeButton({ dossierId, account, onRevoked }: { dossierId: string; account: PortalAccount; onRevoked(): void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const revoke = () =>
    run(async () => {
      await api<void>('DELETE', `/api/dossiers/${dossierId}/portal-accounts/${account.accountId}`);
      onRevoked();
    });
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={`Retirer l’accès de ${account.displayName}`}>
        Retirer l’accès
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Confirmer le retrait de l’accès de ${account.displayName}`}>
      <p>Retirer l’accès de {account.displayName} à ce dossier ? Ses sessions prennent fin immédiatement.</p>
      <button type="button" className="primary" onClick={() => void revoke()} disabled={busy}>
        Confirmer le retrait
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
        Annuler
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The portal accounts of the child and of their legal representatives (Ségur RU-5), for those
 * whose rules allow it as the fiche de synthèse says: the list, opening one (its initial password
 * shown once) and revoking one.
 */
export function PortalAccountsPanel({ dossierId, actions }: { dossierId: string; actions: Actions }) {
  const id = useId();
  const accounts = useLoad(() => get<PortalAccountList>(`/api/dossiers/${dossierId}/portal-accounts`), [dossierId]);
  const [created, setCreated] = useState<PortalAccountCreated | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = accounts.data?.items ?? [];
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>Accès au portail</h2>
      <p className="muted">Les comptes qui permettent à l’enfant ou au jeune et à ses représentants légaux de consulter ce dossier.</p>
      {created && <InitialPassword created={created} onDone={() => setCreated(null)} />}
      <p role="status">{notice}</p>
      <LoadStatus loaded={accounts} what="Comptes du portail indisponibles" />
      {accounts.data && items.length === 0 && <p>Aucun compte du portail n’est ouvert sur ce dossier.</p>}
      {items.length > 0 && (
        <table>
          <caption className="visually-hidden">Comptes du portail reliés au dossier</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Identifiant</th>
              <th scope="col">Rôle</th>
              <th scope="col">Ouvert</th>
              <th scope="col">État</th>
              {actions.revoke && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.accountId}>
                <th scope="row">{a.displayName}</th>
                <td>{a.login}</td>
                <td>{roleLabels[a.role]}</td>
                <td>
                  le {formatDateTime(a.openedAt)}
                  {a.openedBy && ` par ${a.openedBy}`}
                </td>
                <td>{a.status === 'disabled' ? 'Désactivé' : a.passwordChangeRequired ? 'Première connexion à faire' : 'Actif'}</td>
                {actions.revoke && (
                  <td>
                    <RevokeButton
                      dossierId={dossierId}
                      account={a}
                      onRevoked={() => {
                        setNotice(`L’accès de ${a.displayName} au dossier a été retiré.`);
                        accounts.reload();
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {actions.open && (
        <OpenForm
          dossierId={dossierId}
          onOpened={(c) => {
            setNotice(null);
            setCreated(c);
            accounts.reload();
          }}
        />
      )}
    </section>
  );
}
