import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/client';
import { useMe, useSession } from './session';

type Field = 'currentPassword' | 'newPassword' | 'confirmation';

/**
 * Right after a login with a password someone else handed over (a portal account just opened, a
 * staff account created or reset by an administrator): the person chooses their own before
 * anything else, the server refusing every other call until then.
 */
export function PasswordChangePage() {
  const me = useMe();
  const { changePassword, logout } = useSession();
  const id = useId();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (newPassword !== confirmation) {
      setErrors({ confirmation: 'Les deux saisies du nouveau mot de passe ne sont pas identiques.' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await changePassword(currentPassword, newPassword);
    } catch (e) {
      const atFields: Partial<Record<Field, string>> = {};
      if (e instanceof ApiError) for (const issue of e.issues) if (issue.path === '/currentPassword' || issue.path === '/newPassword') atFields[issue.path.slice(1) as Field] = issue.message;
      setErrors(atFields);
      if (Object.keys(atFields).length === 0) setError(e instanceof Error ? e.message : 'Le changement de mot de passe a échoué.');
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: Field) =>
    errors[field] && (
      <p id={`${id}-${field}-error`} className="error">
        {errors[field]}
      </p>
    );
  const described = (field: Field, extra?: string) => [errors[field] ? `${id}-${field}-error` : null, extra ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <main id="main" className="login-page">
      <form className="login-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
        <h1 id={`${id}-h`}>Choisissez votre mot de passe</h1>
        <p>
          Bonjour {me.displayName}. Le mot de passe qui vous a été remis ne sert qu’à la première connexion : choisissez maintenant le vôtre, que vous seul connaîtrez. Rien d’autre n’est
          accessible avant.
        </p>
        <div id={`${id}-rules`}>
          <p>Votre nouveau mot de passe doit :</p>
          <ul>
            <li>comporter au moins 12 caractères ;</li>
            <li>mêler au moins trois types de caractères parmi minuscules, majuscules, chiffres et symboles ;</li>
            <li>être différent du mot de passe qui vous a été remis.</li>
          </ul>
          <p className="muted">Une phrase de plusieurs mots avec un chiffre, par exemple, est facile à retenir et difficile à deviner.</p>
        </div>
        <label htmlFor={`${id}-current`}>Mot de passe reçu</label>
        <input
          id={`${id}-current`}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          required
          autoFocus
          aria-invalid={errors.currentPassword ? true : undefined}
          aria-describedby={described('currentPassword')}
        />
        {fieldError('currentPassword')}
        <label htmlFor={`${id}-new`}>Nouveau mot de passe</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          required
          aria-invalid={errors.newPassword ? true : undefined}
          aria-describedby={described('newPassword', `${id}-rules`)}
        />
        {fieldError('newPassword')}
        <label htmlFor={`${id}-confirmation`}>Confirmez le nouveau mot de passe</label>
        <input
          id={`${id}-confirmation`}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          required
          aria-invalid={errors.confirmation ? true : undefined}
          aria-describedby={described('confirmation')}
        />
        {fieldError('confirmation')}
        {(error || Object.keys(errors).length > 0) && (
          <p className="error" role="alert">
            {error ?? 'Le mot de passe n’a pas été changé : corrigez les champs signalés.'}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer mon mot de passe'}
        </button>
        <button type="button" onClick={() => void logout()}>
          Se déconnecter
        </button>
      </form>
    </main>
  );
}
