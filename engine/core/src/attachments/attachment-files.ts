/**
 * What may be attached to a dossier: documents and pictures people scan or photograph (PDF,
 * images, office documents, plain text). Anything else (HTML, scripts, archives) is refused, so a
 * stored file can never run in a browser that opens it.
 */
export const attachmentMediaTypes: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'text/plain',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
]);

/** The bare media type of a Content-Type header (`application/pdf; charset=…` -> `application/pdf`), lower case. */
export const bareMediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * A file name as stored and sent back: no path, no control characters, at most 255 characters.
 * Null when nothing usable remains.
 */
export function cleanFilename(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? null : cleaned;
}
