import { type ReactNode, useId, useState } from 'react';
import { Link } from '../app/router';
import { UnreadBadge } from '../messages/UnreadBadge';
import { useMe, useSession } from '../session/session';

const staffLinks = [
  { href: '/', label: 'Dossiers' },
  { href: '/taches', label: 'Mes tâches' },
  { href: '/transmissions', label: 'Transmissions' },
  { href: '/presences', label: 'Présences' },
  { href: '/agenda', label: 'Agenda' },
  { href: '/messages', label: 'Messages' },
  { href: '/mon-agenda', label: 'Mon agenda' },
];

function EstablishmentSwitcher() {
  const me = useMe();
  const { switchEstablishment } = useSession();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  if (me.establishments.length < 2) {
    const only = me.establishments[0];
    return only ? <span className="establishment">{only.name}</span> : null;
  }
  return (
    <span className="establishment">
      <label htmlFor={id}>Établissement</label>
      <select
        id={id}
        value={me.currentEstablishmentId ?? ''}
        onChange={(e) => {
          setError(null);
          switchEstablishment(e.target.value).catch((err: unknown) => setError(err instanceof Error ? err.message : 'Changement impossible.'));
        }}
      >
        {me.establishments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}

export function Shell({ children, path }: { children: ReactNode; path: string }) {
  const me = useMe();
  const { logout, portal } = useSession();
  const links = portal ? [{ href: '/portail', label: 'Mon dossier' }, { href: '/messages', label: 'Messages' }] : staffLinks;
  const current = (href: string) => (href === '/' ? path === '/' || path.startsWith('/?') || path.startsWith('/dossiers') : path.startsWith(href));
  return (
    <>
      <a className="skip-link" href="#main">
        Aller au contenu
      </a>
      <header className="app-header">
        <span className="brand">Cordée</span>
        <nav aria-label="Navigation principale">
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} aria-current={current(l.href) ? 'page' : undefined}>
                  {l.label}
                  {l.href === '/messages' && <UnreadBadge path={path} />}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          {!portal && <EstablishmentSwitcher />}
          <span className="user-name">{me.displayName}</span>
          <button type="button" onClick={() => void logout()}>
            Se déconnecter
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
