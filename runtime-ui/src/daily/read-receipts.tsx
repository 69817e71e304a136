import { useState } from 'react';
import { get, post } from '../api/client';
import type { SubmissionReaders } from '../api/types';
import { formatDateTime } from '../app/labels';

/** Marks a submission read on the server (its current revision), then tells the page. */
export function MarkReadButton({ submissionId, onRead }: { submissionId: string; onRead(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mark = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/submissions/${submissionId}/read`);
      onRead();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void mark()} disabled={busy}>
        Marquer comme lue
      </button>
      {error && <span role="alert"> {error}</span>}
    </>
  );
}

/** "Lue par N": who read a submission, loaded when unfolded (offered only to those who may see it). */
export function ReadersDisclosure({ submissionId, count }: { submissionId: string; count: number }) {
  const [readers, setReaders] = useState<SubmissionReaders | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (open: boolean) => {
    if (!open || readers) return;
    get<SubmissionReaders>(`/api/submissions/${submissionId}/readers`).then(setReaders, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <details className="readers" onToggle={(e) => load(e.currentTarget.open)}>
      <summary>{count === 0 ? 'Lue par personne' : `Lue par ${count} personne${count > 1 ? 's' : ''}`}</summary>
      {error && <p role="alert">{error}</p>}
      {readers && readers.items.length === 0 && <p className="muted">Personne ne l’a encore lue.</p>}
      {readers && readers.items.length > 0 && (
        <ul aria-label="Lecteurs">
          {readers.items.map((r) => (
            <li key={r.accountId}>
              {r.displayName} — le {formatDateTime(r.readAt)}
              {!r.current && <em> (version précédente)</em>}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
