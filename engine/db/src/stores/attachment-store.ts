import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';

export interface AttachmentMeta {
  id: string;
  dossierId: string;
  establishmentId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface AttachmentFile extends AttachmentMeta {
  content: Buffer;
}

const metaSelect = [
  'id',
  'dossier_id as dossierId',
  'establishment_id as establishmentId',
  'filename',
  'media_type as mediaType',
  'size_bytes as sizeBytes',
  'sha256',
  'created_by as createdBy',
  'created_at as createdAt',
];

export interface NewAttachment {
  dossierId: string;
  establishmentId: string;
  filename: string;
  mediaType: string;
  sha256: string;
  content: Buffer;
  createdBy: string | null;
}

export async function insertAttachment(trx: Tx, input: NewAttachment): Promise<AttachmentMeta> {
  const [row] = await trx('attachment')
    .insert({
      dossier_id: input.dossierId,
      establishment_id: input.establishmentId,
      filename: input.filename,
      media_type: input.mediaType,
      size_bytes: input.content.length,
      sha256: input.sha256,
      content: input.content,
      created_by: input.createdBy,
    })
    .returning(metaSelect);
  return row as AttachmentMeta;
}

/** What is known of a stored file without its bytes: name, type, size, SHA-256. */
export async function getAttachmentMeta(db: Db | Tx, id: string): Promise<AttachmentMeta | null> {
  if (!isUuid(id)) return null;
  return ((await db('attachment').where({ id }).first(metaSelect)) as AttachmentMeta | undefined) ?? null;
}

/** The file with its bytes (read only to serve it, after the permission check on its dossier). */
export async function getAttachmentFile(db: Db | Tx, id: string): Promise<AttachmentFile | null> {
  if (!isUuid(id)) return null;
  return ((await db('attachment').where({ id }).first([...metaSelect, 'content'])) as AttachmentFile | undefined) ?? null;
}

/** Of the given ids, those that are attachments of this dossier. */
export async function attachmentsOfDossier(db: Db | Tx, dossierId: string, ids: readonly string[]): Promise<Set<string>> {
  const candidates = [...new Set(ids.filter(isUuid))];
  if (candidates.length === 0) return new Set();
  const rows = (await db('attachment').where({ dossier_id: dossierId }).whereIn('id', candidates).select('id')) as Array<{ id: string }>;
  return new Set(rows.map((r) => r.id));
}
