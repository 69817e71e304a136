import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';

/** The fields of a document that permission rules may test (CASL subject `Document`): the document `doc` joined to its dossier `d`. */
export const documentColumns: FieldColumns = {
  id: 'doc.id',
  dossierId: 'doc.dossier_id',
  establishmentId: 'doc.establishment_id',
  unitId: 'd.unit_id',
  templateKey: 'doc.template_key',
  status: 'doc.status',
  createdBy: 'doc.created_by',
};

export type SignatoryRole = 'professional' | 'young_person' | 'legal_representative';
export type SignatureMode = 'electronic' | 'scanned_paper' | 'refused';

export interface DocumentSource {
  submissionId: string;
  revision: number;
  formKey: string;
  formVersion: string;
}

export interface DocumentRecord {
  id: string;
  dossierId: string;
  establishmentId: string;
  unitId: string | null;
  templateKey: string;
  templateVersionId: string;
  templateVersion: string;
  templateHash: string;
  title: string;
  sources: DocumentSource[];
  mediaType: 'application/pdf';
  sizeBytes: number;
  sha256: string;
  status: 'awaiting_signatures' | 'final';
  expectedSignatories: SignatoryRole[];
  /** The data categories it rendered (reading it requires reading each); null: generated before they were recorded. */
  categories: string[] | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface SignatureRecord {
  id: string;
  documentId: string;
  role: SignatoryRole;
  mode: SignatureMode;
  signatoryName: string;
  signatoryAccountId: string | null;
  scanAttachmentId: string | null;
  comment: string | null;
  signedAt: Date;
  recordedBy: string | null;
  recordedAt: Date;
}

const documentSelect = [
  'doc.id',
  'doc.dossier_id as dossierId',
  'doc.establishment_id as establishmentId',
  'd.unit_id as unitId',
  'doc.template_key as templateKey',
  'doc.template_version_id as templateVersionId',
  'doc.template_version as templateVersion',
  'doc.template_hash as templateHash',
  'doc.title',
  'doc.sources',
  'doc.media_type as mediaType',
  'doc.size_bytes as sizeBytes',
  'doc.sha256',
  'doc.status',
  'doc.expected_signatories as expectedSignatories',
  'doc.categories',
  'doc.created_by as createdBy',
  'doc.created_at as createdAt',
];

const signatureSelect = [
  'id',
  'document_id as documentId',
  'role',
  'mode',
  'signatory_name as signatoryName',
  'signatory_account_id as signatoryAccountId',
  'scan_attachment_id as scanAttachmentId',
  'comment',
  'signed_at as signedAt',
  'recorded_by as recordedBy',
  'recorded_at as recordedAt',
];

export type NewDocument = Omit<DocumentRecord, 'id' | 'createdAt' | 'unitId' | 'mediaType' | 'sizeBytes'> & { content: Buffer };

export async function insertDocument(trx: Tx, input: NewDocument): Promise<string> {
  const [row] = await trx('document')
    .insert({
      dossier_id: input.dossierId,
      establishment_id: input.establishmentId,
      template_key: input.templateKey,
      template_version_id: input.templateVersionId,
      template_version: input.templateVersion,
      template_hash: input.templateHash,
      title: input.title,
      sources: JSON.stringify(input.sources),
      media_type: 'application/pdf',
      size_bytes: input.content.length,
      sha256: input.sha256,
      content: input.content,
      status: input.status,
      expected_signatories: input.expectedSignatories,
      categories: input.categories,
      created_by: input.createdBy,
    })
    .returning('id');
  return row.id as string;
}

const documentQuery = (db: Db | Tx) => db('document as doc').join('dossier as d', 'd.id', 'doc.dossier_id');

export async function getDocument(db: Db | Tx, id: string, forUpdate = false): Promise<DocumentRecord | null> {
  if (!isUuid(id)) return null;
  const qb = documentQuery(db).where('doc.id', id).first(documentSelect);
  if (forUpdate) qb.forUpdate('doc');
  return ((await qb) as DocumentRecord | undefined) ?? null;
}

/** Who generated the documents of a dossier, where, and the categories they rendered: what the category filter of a list is computed from. */
export async function documentCategoryScopes(db: Db | Tx, dossierId: string): Promise<Array<{ establishmentId: string; unitId: string | null; createdBy: string | null; categories: string[] }>> {
  return (await documentQuery(db)
    .joinRaw('cross join lateral unnest(doc.categories) as c(category)')
    .where('doc.dossier_id', dossierId)
    .groupBy('doc.establishment_id', 'd.unit_id', 'doc.created_by')
    .select('doc.establishment_id as establishmentId', 'd.unit_id as unitId', 'doc.created_by as createdBy', db.raw('array_agg(distinct c.category order by c.category) as categories'))) as Array<{
    establishmentId: string;
    unitId: string | null;
    createdBy: string | null;
    categories: string[];
  }>;
}

/** The PDF bytes of a document (read only to serve or archive it, after the permission check). */
export async function getDocumentContent(db: Db | Tx, id: string): Promise<Buffer | null> {
  const row = (await db('document').where({ id }).first('content')) as { content: Buffer } | undefined;
  return row?.content ?? null;
}

export interface DocumentListQuery {
  access: AccessFilter;
  dossierId: string;
  after?: [string, string];
  limit: number;
}

/** A page of a dossier's documents the caller may read, newest first; `limit + 1` rows tell whether a next page exists. */
export async function listDocuments(db: Db | Tx, query: DocumentListQuery): Promise<Array<DocumentRecord & { cursorAt: string }>> {
  const qb = documentQuery(db).select([...documentSelect, db.raw(`doc.created_at::text as "cursorAt"`)]).where('doc.dossier_id', query.dossierId);
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.after) qb.whereRaw('(doc.created_at, doc.id) < (?::timestamptz, ?::uuid)', query.after);
  return (await qb.orderBy([{ column: 'doc.created_at', order: 'desc' }, { column: 'doc.id', order: 'desc' }]).limit(query.limit + 1)) as Array<DocumentRecord & { cursorAt: string }>;
}

/** Every document of a dossier with its bytes, oldest first (the archive package holds them all). */
export async function documentsWithContent(db: Db | Tx, dossierId: string): Promise<Array<DocumentRecord & { content: Buffer }>> {
  return (await documentQuery(db).where('doc.dossier_id', dossierId).orderBy(['doc.created_at', 'doc.id']).select([...documentSelect, 'doc.content'])) as Array<DocumentRecord & { content: Buffer }>;
}

export async function setDocumentStatus(trx: Tx, id: string, status: DocumentRecord['status']): Promise<void> {
  await trx('document').where({ id }).update({ status });
}

export interface NewSignature {
  documentId: string;
  role: SignatoryRole;
  mode: SignatureMode;
  signatoryName: string;
  signatoryAccountId: string | null;
  scanAttachmentId: string | null;
  comment: string | null;
  signedAt: Date;
  recordedBy: string;
}

export async function insertSignature(trx: Tx, input: NewSignature): Promise<SignatureRecord> {
  const [row] = await trx('document_signature')
    .insert({
      document_id: input.documentId,
      role: input.role,
      mode: input.mode,
      signatory_name: input.signatoryName,
      signatory_account_id: input.signatoryAccountId,
      scan_attachment_id: input.scanAttachmentId,
      comment: input.comment,
      signed_at: input.signedAt,
      recorded_by: input.recordedBy,
    })
    .returning(signatureSelect);
  return row as SignatureRecord;
}

/** The signature trails of some documents, in the order they were recorded. */
export async function signaturesOf(db: Db | Tx, documentIds: readonly string[]): Promise<Map<string, SignatureRecord[]>> {
  const trails = new Map<string, SignatureRecord[]>(documentIds.map((id) => [id, []]));
  if (documentIds.length === 0) return trails;
  const rows = (await db('document_signature').whereIn('document_id', documentIds).orderBy(['recorded_at', 'id']).select(signatureSelect)) as SignatureRecord[];
  for (const r of rows) trails.get(r.documentId)?.push(r);
  return trails;
}

/** How an account is linked to a dossier (the usager themself or a legal representative), if at all. */
export async function dossierLinkOf(db: Db | Tx, accountId: string, dossierId: string): Promise<'usager' | 'legal_representative' | null> {
  const row = (await db('account_dossier_link').where({ account_id: accountId, dossier_id: dossierId }).first('relation')) as { relation: 'usager' | 'legal_representative' } | undefined;
  return row?.relation ?? null;
}
