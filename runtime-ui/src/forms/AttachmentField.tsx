import type { FieldProps } from '@rjsf/utils';
import { type ChangeEvent, useState } from 'react';
import { get } from '../api/client';
import type { Attachment } from '../api/types';
import { formatSize, uploadAttachment } from '../api/upload';
import { useLoad } from '../app/useLoad';

/** What the form passes to its fields: the dossier the files are joined to. */
export interface AttachmentContext {
  dossierId?: string;
}

/** Name, size and SHA-256 of the stored file (asked to the server when the answer was saved before: after a reload, on a saved submission). */
function StoredFile({ attachmentId, known }: { attachmentId: string; known: Attachment | null }) {
  const loaded = useLoad(() => (known?.id === attachmentId ? Promise.resolve(known) : get<Attachment>(`/api/attachments/${attachmentId}`)), [attachmentId, known]);
  const file = loaded.data;
  return (
    <>
      <a href={`/api/attachments/${attachmentId}/content`} target="_blank" rel="noopener">
        {file?.filename ?? 'Pièce jointe'}
      </a>
      {file && (
        <span className="muted attachment-meta">
          {' '}
          ({formatSize(file.sizeBytes)}, empreinte SHA-256 <code>{file.sha256}</code>)
        </span>
      )}
      {loaded.error && <span className="error"> (fichier inaccessible : {loaded.error.message})</span>}
    </>
  );
}

/**
 * The field of a file (`x-cordee-widget: "attachment"`): the file is uploaded to the dossier first,
 * the answer holds `{ attachmentId }`; the file stays reachable through a link to its content.
 */
export function AttachmentField({ formData, onChange, fieldPathId, schema, required, disabled, readonly, registry }: FieldProps) {
  const value = formData as { attachmentId?: string } | undefined;
  const dossierId = (registry.formContext as AttachmentContext | undefined)?.dossierId;
  const [uploaded, setUploaded] = useState<Attachment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = fieldPathId.$id;
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file || !dossierId) return;
    setBusy(true);
    setError(null);
    try {
      const stored = await uploadAttachment(dossierId, file);
      setUploaded(stored);
      onChange({ attachmentId: stored.id }, fieldPathId.path);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      event.target.value = '';
    }
  };
  const locked = disabled || readonly || !dossierId;
  return (
    <div className="field attachment-field">
      <label htmlFor={id}>
        {schema.title ?? 'Pièce jointe'}
        {required && ' *'}
      </label>
      {value?.attachmentId && (
        <p>
          <StoredFile attachmentId={value.attachmentId} known={uploaded} />
          {!locked && (
            <button type="button" onClick={() => (setUploaded(null), onChange(undefined, fieldPathId.path))}>
              Retirer
            </button>
          )}
        </p>
      )}
      {!locked && <input id={id} type="file" accept="application/pdf,image/jpeg,image/png" onChange={choose} disabled={busy} aria-busy={busy} />}
      {busy && <p aria-live="polite">Envoi du fichier…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
