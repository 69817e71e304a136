import { type FormEvent, useId, useState } from 'react';
import { get, post } from '../api/client';
import type { Document, DocumentList, DocumentTemplateList } from '../api/types';
import { uploadAttachment } from '../api/upload';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';
import { today } from '../daily/week';

type Role = Document['expectedSignatories'][number];
type Mode = Document['signatures'][number]['mode'];

const roleLabels: Record<Role, string> = { professional: 'Professionnel', young_person: 'Jeune', legal_representative: 'Représentant légal' };
const modeLabels: Record<Mode, string> = { electronic: 'signature électronique', scanned_paper: 'signature papier numérisée', refused: 'refus de signer' };
const statusLabels: Record<Document['status'], string> = { awaiting_signatures: 'En attente de signatures', final: 'Définitif' };

/**
 * The ways a professional traces a signatory's signature: electronically only as the professional
 * themself (the young person and their legal representatives sign with their own account, on the
 * portal); on paper with the signed page scanned; or a refusal with its reason.
 */
const modeChoices = (role: Role): Array<[Mode, string]> => [
  ...(role === 'professional' ? [['electronic', 'Signer électroniquement (moi)'] as [Mode, string]] : []),
  ['scanned_paper', 'Signature papier numérisée'],
  ['refused', 'Refus de signer'],
];

/** The signature request of the form's answers (the scan uploaded first): a paper signature or refusal of another day than today is dated at noon of that day. */
async function signatureRequest(document: Document, role: Role, mode: Mode, fields: { name: string; reason: string; day: string; scan: File | null }) {
  if (mode === 'electronic') return { role, mode };
  const signedAt = fields.day && fields.day !== today() ? { signedAt: new Date(`${fields.day}T12:00:00`).toISOString() } : {};
  if (mode === 'refused') return { role, mode, signatoryName: fields.name, comment: fields.reason, ...signedAt };
  if (!fields.scan) throw new Error('Joignez le document signé numérisé.');
  const scan = await uploadAttachment(document.dossierId, fields.scan);
  return { role, mode, signatoryName: fields.name, scanAttachmentId: scan.id, ...signedAt };
}

/** Record a signature of one document: the signed-in professional electronically, a scanned paper signature, or a refusal with its reason. */
function SignForm({ document, onSigned }: { document: Document; onSigned(): void }) {
  const id = useId();
  const pending = document.expectedSignatories.filter((r) => !document.signatures.some((s) => s.role === r));
  const [role, setRole] = useState<Role>(pending[0] ?? 'professional');
  const choices = modeChoices(role);
  const [chosenMode, setMode] = useState<Mode>(choices[0]![0]);
  const mode = choices.some(([m]) => m === chosenMode) ? chosenMode : choices[0]![0];
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [day, setDay] = useState(today());
  const [scan, setScan] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (pending.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post<Document>(`/api/documents/${document.id}/signatures`, await signatureRequest(document, role, mode, { name, reason, day, scan }));
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
        <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          {choices.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {mode !== 'electronic' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>{mode === 'refused' ? 'Nom de la personne' : 'Nom du signataire'}</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-day`}>{mode === 'refused' ? 'Date du refus' : 'Date de la signature'}</label>
            <input id={`${id}-day`} type="date" value={day} max={today()} onChange={(e) => setDay(e.target.value)} required />
          </div>
        </>
      )}
      {mode === 'scanned_paper' && (
        <div className="field">
          <label htmlFor={`${id}-scan`}>Document signé numérisé</label>
          <input id={`${id}-scan`} type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setScan(e.target.files?.[0] ?? null)} required />
        </div>
      )}
      {mode === 'refused' && (
        <div className="field">
          <label htmlFor={`${id}-reason`}>Motif du refus</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
        </div>
      )}
      <button type="submit" disabled={busy}>
        Enregistrer la signature
      </button>
      {busy && <p aria-live="polite">Enregistrement…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The signature trail of a document: who, in which capacity, how, when; the scan of a paper signature; the reason of a refusal. */
function SignatureTrail({ document }: { document: Document }) {
  return (
    <ol className="signatures" aria-label="Trace de signature">
      {document.signatures.map((s) => (
        <li key={s.id}>
          {s.signatoryName} ({roleLabels[s.role]}) — {modeLabels[s.mode]} le {formatDateTime(s.signedAt)}
          {s.comment && ` : ${s.comment}`}
          {s.scanAttachmentId && (
            <>
              {' — '}
              <a href={`/api/attachments/${s.scanAttachmentId}/content`} target="_blank" rel="noopener">
                Voir le document signé
              </a>
            </>
          )}
          {s.mode !== 'electronic' && <span className="muted"> (enregistré le {formatDateTime(s.recordedAt)})</span>}
        </li>
      ))}
    </ol>
  );
}

/** Produce a document from a template the user may produce for this dossier (only those are offered). */
function GenerateForm({ dossierId, onGenerated }: { dossierId: string; onGenerated(): void }) {
  const id = useId();
  const templates = useLoad(() => get<DocumentTemplateList>(`/api/dossiers/${dossierId}/document-templates`), [dossierId]);
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
      onGenerated();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const offered = templates.data?.items ?? [];
  return (
    <>
      <LoadStatus loaded={templates} what="Modèles de document indisponibles" />
      {offered.length > 0 && (
        <form className="filters" onSubmit={generate}>
          <div className="field">
            <label htmlFor={`${id}-template`}>Modèle de document</label>
            <select id={`${id}-template`} value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">Choisir un modèle…</option>
              {offered.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.title}
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
    </>
  );
}

/** The documents produced for a dossier, their signature trail; produce one from a template, open its PDF, trace its signatures. */
export function DocumentsPanel({ dossierId }: { dossierId: string }) {
  const id = useId();
  const [tick, setTick] = useState(0);
  const list = useLoad(() => get<DocumentList>(`/api/dossiers/${dossierId}/documents?limit=50`), [dossierId, tick]);
  const refresh = () => setTick((t) => t + 1);
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
                <SignatureTrail document={d} />
                {/* a new form after each signature: the next pending signatory, empty fields */}
                {d.actions?.sign && <SignForm key={d.signatures.length} document={d} onSigned={refresh} />}
              </>
            )}
          </li>
        ))}
      </ul>
      <GenerateForm dossierId={dossierId} onGenerated={refresh} />
    </section>
  );
}
