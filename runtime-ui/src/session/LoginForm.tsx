import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/client';
import { useSession } from './session';

/** Login by identifier and password (and the one-time code when the account has a second factor). */
export function LoginForm({ heading, intro }: { heading: string; intro?: string }) {
  const { login, me } = useSession();
  const id = useId();
  const [loginName, setLoginName] = useState(me?.login ?? '');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(loginName.trim(), password, needsTotp ? totp.trim() : undefined);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') setNeedsTotp(true);
      setError(e instanceof Error ? e.message : 'Connexion impossible.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{heading}</h1>
      {intro && <p>{intro}</p>}
      <label htmlFor={`${id}-login`}>Identifiant</label>
      <input id={`${id}-login`} name="login" autoComplete="username" value={loginName} onChange={(e) => setLoginName(e.target.value)} required autoFocus={!me} />
      <label htmlFor={`${id}-password`}>Mot de passe</label>
      <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus={!!me} />
      {needsTotp && (
        <>
          <label htmlFor={`${id}-totp`}>Code de vérification (application d’authentification)</label>
          <input id={`${id}-totp`} name="totp" inputMode="numeric" autoComplete="one-time-code" value={totp} onChange={(e) => setTotp(e.target.value)} required />
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Connexion…' : 'Se connecter'}
      </button>
    </form>
  );
}

/** Shown over the page when the session ends: what was typed stays on the page and in the tab's storage. */
export function ExpiredDialog() {
  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-label="Session expirée" className="dialog">
        <LoginForm heading="Votre session a expiré" intro="Reconnectez-vous pour continuer : ce que vous avez saisi est conservé." />
      </div>
    </div>
  );
}
