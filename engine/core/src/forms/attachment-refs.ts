import { formatPointer } from './json-pointer';
import type { FieldInfo } from './schema-fields';
import { expandPath } from './upgrade-answers';

/**
 * The one convention for files in answers: a field whose schema node (or, for a list of files,
 * whose `items` node) has `x-cordee-widget: "attachment"` holds `{ "attachmentId": "<uuid>" }`
 * (or a list of them). The file itself is uploaded first to `POST /api/dossiers/{id}/attachments`.
 */
export const ATTACHMENT_WIDGET = 'attachment';

export interface AttachmentReference {
  /** Concrete data path of the reference (`/pieces/0`). */
  path: string;
  /** The referenced id, or null when the value does not follow the convention. */
  attachmentId: string | null;
}

const isAttachmentField = (field: FieldInfo) =>
  field.node['x-cordee-widget'] === ATTACHMENT_WIDGET || (field.types.includes('array') && field.node.items?.['x-cordee-widget'] === ATTACHMENT_WIDGET);

const idOf = (value: unknown): string | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as Record<string, unknown>).attachmentId;
  return typeof id === 'string' ? id : null;
};

/** Every attachment reference in some answers, so the server can check each one belongs to the record's dossier. */
export function attachmentReferences(data: unknown, fields: readonly FieldInfo[]): AttachmentReference[] {
  const refs: AttachmentReference[] = [];
  for (const field of fields) {
    if (!isAttachmentField(field)) continue;
    for (const hit of expandPath(data, field.path)) {
      if (hit.value === undefined || hit.value === null) continue;
      if (Array.isArray(hit.value)) hit.value.forEach((item, i) => refs.push({ path: formatPointer([...hit.parts, String(i)]), attachmentId: idOf(item) }));
      else refs.push({ path: formatPointer(hit.parts), attachmentId: idOf(hit.value) });
    }
  }
  return refs;
}
