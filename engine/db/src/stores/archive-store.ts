import { generateKeyPairSync } from 'node:crypto';
import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';

const SIGNING_KEY_SETTING = 'archive.signing_key';

export interface SigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The Ed25519 key that signs archive manifests: generated on first use and kept in the database
 * (app_setting). Two servers starting at once agree on one key: the insert never overwrites.
 */
export async function archiveSigningKey(db: Db | Tx): Promise<SigningKey> {
  const existing = (await db('app_setting').where({ key: SIGNING_KEY_SETTING }).first('value')) as { value: SigningKey } | undefined;
  if (existing) return existing.value;
  const pair = generateKeyPairSync('ed25519');
  const key: SigningKey = {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  await db('app_setting').insert({ key: SIGNING_KEY_SETTING, value: JSON.stringify(key) }).onConflict('key').ignore();
  return ((await db('app_setting').where({ key: SIGNING_KEY_SETTING }).first('value')) as { value: SigningKey }).value;
}

export interface ArchivePackageRecord {
  id: string;
  dossierId: string;
  establishmentId: string;
  status: 'prepared' | 'sealed';
  filename: string;
  sizeBytes: number;
  sha256: string;
  files: number;
  publicKey: string;
  createdBy: string | null;
  createdAt: Date;
}

const packageSelect = ['id', 'dossier_id as dossierId', 'establishment_id as establishmentId', 'status', 'filename', 'size_bytes as sizeBytes', 'sha256', 'files', 'public_key as publicKey', 'created_by as createdBy', 'created_at as createdAt'];

export async function insertArchivePackage(trx: Tx, input: Omit<ArchivePackageRecord, 'id' | 'createdAt' | 'sizeBytes'> & { content: Buffer }): Promise<ArchivePackageRecord> {
  const [row] = await trx('archive_package')
    .insert({
      dossier_id: input.dossierId,
      establishment_id: input.establishmentId,
      status: input.status,
      filename: input.filename,
      size_bytes: input.content.length,
      sha256: input.sha256,
      content: input.content,
      files: input.files,
      public_key: input.publicKey,
      created_by: input.createdBy,
    })
    .returning(packageSelect);
  return row as ArchivePackageRecord;
}

export async function getArchivePackage(db: Db | Tx, id: string): Promise<(ArchivePackageRecord & { content: Buffer }) | null> {
  if (!isUuid(id)) return null;
  return ((await db('archive_package').where({ id }).first([...packageSelect, 'content'])) as (ArchivePackageRecord & { content: Buffer }) | undefined) ?? null;
}

export interface ArchivedRevision {
  submissionId: string;
  formKind: 'form' | 'grid';
  formKey: string;
  submissionStatus: 'draft' | 'final';
  submissionCreatedAt: Date;
  revision: number;
  status: 'draft' | 'final';
  data: Record<string, unknown>;
  computed: Record<string, unknown>;
  gridResult: unknown;
  carried: unknown;
  formVersionId: string;
  formVersion: string;
  effectiveHash: string;
  createdBy: string | null;
  createdAt: Date;
}

/** Every revision of every submission of a dossier, with the form version it was captured with (the archive holds them all). */
export async function dossierRevisions(db: Db | Tx, dossierId: string): Promise<ArchivedRevision[]> {
  return (await db('submission as s')
    .join('submission_revision as r', 'r.submission_id', 's.id')
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .where('s.dossier_id', dossierId)
    .orderBy(['s.created_at', 's.id', 'r.revision'])
    .select(
      's.id as submissionId',
      's.form_kind as formKind',
      's.form_key as formKey',
      's.status as submissionStatus',
      's.created_at as submissionCreatedAt',
      'r.revision',
      'r.status',
      'r.data',
      'r.computed',
      'r.grid_result as gridResult',
      'r.carried',
      'r.form_version_id as formVersionId',
      'v.version as formVersion',
      'r.effective_hash as effectiveHash',
      'r.created_by as createdBy',
      'r.created_at as createdAt',
    )) as ArchivedRevision[];
}

/** The content of some effective artefacts (the exact forms submissions were validated with). */
export async function effectiveContents(db: Db | Tx, hashes: readonly string[]): Promise<Map<string, { kind: string; key: string; content: unknown }>> {
  if (hashes.length === 0) return new Map();
  const rows = (await db('effective_artefact').whereIn('hash', [...new Set(hashes)]).select('hash', 'kind', 'key', 'content')) as Array<{ hash: string; kind: string; key: string; content: unknown }>;
  return new Map(rows.map((r) => [r.hash.trim(), { kind: r.kind, key: r.key, content: r.content }]));
}

/** Every attachment of a dossier with its bytes. */
export async function dossierAttachments(db: Db | Tx, dossierId: string): Promise<Array<{ id: string; filename: string; mediaType: string; sha256: string; content: Buffer; createdAt: Date }>> {
  return db('attachment').where({ dossier_id: dossierId }).orderBy(['created_at', 'id']).select('id', 'filename', 'media_type as mediaType', 'sha256', 'content', 'created_at as createdAt');
}

/** The audit trail of a dossier: sealed events (with their chain hashes), then events not yet sealed. */
export async function dossierAuditExtract(db: Db | Tx, dossierId: string): Promise<{ sealed: unknown[]; pending: unknown[] }> {
  const sealed = await db('audit_log')
    .where({ dossier_id: dossierId })
    .orderBy('seq')
    .select('seq', 'occurred_at as occurredAt', 'action', 'target_type as targetType', 'target_id as targetId', 'actor_account_id as actorAccountId', 'actor_profile as actorProfile', 'establishment_id as establishmentId', 'purpose', 'outcome', 'detail', 'prev_hash as prevHash', 'hash');
  const pending = await db('audit_pending').whereRaw(`event->>'dossierId' = ?`, [dossierId]).orderBy('id').select('occurred_at as occurredAt', 'event');
  return { sealed, pending };
}
