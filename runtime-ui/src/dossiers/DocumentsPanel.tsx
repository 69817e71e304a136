import { type FormEvent, useId, useState } from 'react';
import { get, post } from '../api/client';
import type { ArtefactSummary, Document, DocumentList } from '../api/types';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

type Role = Document['expectedSignatories'][number];
type Mode = Document['signatures'][number]['mode'];

const roleLabels: Record<Role, string> = { professional: 'Professionnel', young_person: 'Jeune', legal_representative: 'Représentant légal' };
const modeLabels: Record<Mode, string> = { electronic: 'signature électronique', scanned_paper: 'signature papier numérisée', refused: 'refus de signer' };
const statusLabels: Record<Document['status'], string> = { awaiting_signatures: 'En attente de signatures', final: 'Définitif' };

/** Record a signature of one document: the signed-in professional electronically, or a refusal with its reason. */
function SignForm({ document, onSigned }: { document: Document; onSigned(): void }) {
  const id = useId();
  const pending = document.expectedSignatories.filter((r) => !document.signatures.some((s) => s.role === r));
  const [role, setRole] = useState<Role>(pending[0] ?? 'professional');
  const [mode, setMode] = useState<'electronic' | 'refused'>('electronic');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (pending.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post<Document>(`/api/documents/${document.id}/signatures`, mode === 'electronic' ? { role, mode } : { role, mode, signatoryName: name, comment: reason });
      onSigned();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sign-form" onSubmit={submit} aria-label={`Signer « ${document.title} »`}>
      <div className="field">
        <label htmlFor={`${id}-role`}>Signataire</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {pending.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-mode`}>Mode</label>
        <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as 'electronic' | 'refused')}>
          <option value="electronic">Signer électroniquement (moi)</option>
          <option value="refused">Refus de signer</option>
        </select>
      </div>
      {mode === 'refused' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>Nom de la personne</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Motif du refus</label>
            <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          </div>
        </>
      )}
      <button type="submit" disabled={busy}>
        Enregistrer la signature
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The documents produced for a dossier, their signature trail; produce one from a template, open its PDF, sign it. */
export function DocumentsPanel({ dossierId }: { dossierId: string }) {
  const id = useId();
  const [tick, setTick] = useState(0);
  const list = useLoad(() => get<DocumentList>(`/api/dossiers/${dossierId}/documents?limit=50`), [dossierId, tick]);
  const templates = useLoad(() => get<{ items: ArtefactSummary[] }>('/api/metadata/templates'), []);
  const [template, setTemplate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generate = async (event: FormEvent) => {
    event.preventDefault();
    if (!template) return;
    setBusy(true);
    setError(null);
    try {
      await post<Document>(`/api/dossiers/${dossierId}/documents`, { template });
      setTick((t) => t + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const published = (templates.data?.items ?? []).filter((t) => t.latestVersion);
  return (
    <section aria-labelledby={id} className="card documents">
      <h2 id={id}>Documents</h2>
      <LoadStatus loaded={list} what="Documents indisponibles" />
      {list.data && list.data.items.length === 0 && <p className="muted">Aucun document produit.</p>}
      <ul className="plain">
        {list.data?.items.map((d) => (
          <li key={d.id} className="document">
            <h3>
              {d.title} <span className={`badge document-${d.status}`}>{statusLabels[d.status]}</span>
            </h3>
            <p className="muted">
              Produit le {formatDateTime(d.createdAt)} (modèle version {d.templateVersion}) —{' '}
              <a href={`/api/documents/${d.id}/content`} target="_blank" rel="noopener">
                Ouvrir le PDF
              </a>
            </p>
            {d.expectedSignatories.length > 0 && (
              <>
                <p>Signatures attendues : {d.expectedSignatories.map((r) => roleLabels[r]).join(', ')}.</p>
                <ol className="signatures" aria-label="Trace de signature">
                  {d.signatures.map((s) => (
                    <li key={s.id}>
                      {s.signatoryName} ({roleLabels[s.role]}) — {modeLabels[s.mode]} le {formatDateTime(s.signedAt)}
                      {s.comment && ` : ${s.comment}`}
                    </li>
                  ))}
                </ol>
                {/* a new form after each signature: the next pending signatory, empty fields */}
                <SignForm key={d.signatures.length} document={d} onSigned={() => setTick((t) => t + 1)} />
              </>
            )}
          </li>
        ))}
      </ul>
      {published.length > 0 && (
        <form className="filters" onSubmit={generate}>
          <div className="field">
            <label htmlFor={`${id}-template`}>Modèle de document</label>
            <select id={`${id}-template`} value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">Choisir un modèle…</option>
              {published.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.title ?? t.key}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={busy || !template}>
            Produire le document
          </button>
        </form>
      )}
      {busy && <p aria-live="polite">Production du PDF…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
