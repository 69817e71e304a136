import { ApiError } from './client';
import type { Attachment } from './types';

/** Sends a file as the raw body of `POST /api/dossiers/{id}/attachments`; problems become ApiError. */
export async function uploadAttachment(dossierId: string, file: File): Promise<Attachment> {
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

/** `1536` → `1,5 Kio` (sizes as people read them). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  const units = ['Kio', 'Mio', 'Gio'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${units[unit]}`;
}
