import type { FieldProps } from '@rjsf/utils';
import { type ChangeEvent, useState } from 'react';
import { ApiError } from '../api/client';
import type { Attachment } from '../api/types';

/** What the form passes to its fields: the dossier the files are joined to. */
export interface AttachmentContext {
  dossierId?: string;
}

/** Sends a file as the raw body of `POST /api/dossiers/{id}/attachments`; problems become ApiError. */
async function upload(dossierId: string, file: File): Promise<Attachment> {
  let response: Response;
  try {
    response = await fetch(`/api/dossiers/${dossierId}/attachments?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.');
  }
  const body = (await response.json().catch(() => ({}))) as Attachment & { detail?: string; title?: string; code?: string };
  if (!response.ok) throw new ApiError(response.status, body.code ?? 'UNKNOWN', body.detail ?? body.title ?? `Erreur ${response.status}`);
  return body;
}

/**
 * The field of a file (`x-cordee-widget: "attachment"`): the file is uploaded to the dossier first,
 * the answer holds `{ attachmentId }`; the file stays reachable through a link to its content.
 */
export function AttachmentField({ formData, onChange, fieldPathId, schema, required, disabled, readonly, registry }: FieldProps) {
  const value = formData as { attachmentId?: string } | undefined;
  const dossierId = (registry.formContext as AttachmentContext | undefined)?.dossierId;
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = fieldPathId.$id;
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file || !dossierId) return;
    setBusy(true);
    setError(null);
    try {
      const stored = await upload(dossierId, file);
      setName(stored.filename);
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
          <a href={`/api/attachments/${value.attachmentId}/content`} target="_blank" rel="noopener">
            {name ?? 'Pièce jointe'}
          </a>
          {!locked && (
            <button type="button" onClick={() => (setName(null), onChange(undefined, fieldPathId.path))}>
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
