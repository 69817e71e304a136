import type { ArtefactKind, LayerPatch, OverlayOperation, PublishedBase } from '@cordee/core';
import type { Db, Tx } from '../connection';

export interface ArtefactSummary {
  kind: ArtefactKind;
  key: string;
  title: string | null;
  latestVersion: string | null;
  publishedAt: Date | null;
  hasDraft: boolean;
  draftUpdatedAt: Date | null;
}

export interface VersionRow {
  id: string;
  kind: ArtefactKind;
  key: string;
  version: string;
  content_hash: string;
  content: Record<string, unknown>;
  report: Record<string, unknown>;
  published_at: Date;
  published_by: string | null;
}

export interface DraftRow {
  kind: ArtefactKind;
  key: string;
  content: Record<string, unknown>;
  revision: number;
  updated_at: Date;
  updated_by: string | null;
}

export async function listArtefacts(db: Db | Tx, kind: ArtefactKind): Promise<ArtefactSummary[]> {
  const rows = await db.raw(
    `select a.kind, a.key,
            coalesce(v.content->>'title', d.content->>'title') as title,
            v.version as "latestVersion", v.published_at as "publishedAt",
            d.key is not null as "hasDraft", d.updated_at as "draftUpdatedAt"
       from artefact a
       left join lateral (select version, published_at, content from artefact_version v
                          where v.kind = a.kind and v.key = a.key order by major desc, minor desc, patch desc limit 1) v on true
       left join artefact_draft d on d.kind = a.kind and d.key = a.key
      where a.kind = ? order by a.key`,
    [kind],
  );
  return rows.rows as ArtefactSummary[];
}

export async function ensureArtefact(trx: Tx, kind: ArtefactKind, key: string): Promise<void> {
  await trx('artefact').insert({ kind, key }).onConflict(['kind', 'key']).ignore();
}

export async function artefactExists(db: Db | Tx, kind: ArtefactKind, key: string): Promise<boolean> {
  return Boolean(await db('artefact').where({ kind, key }).first('key'));
}

export async function getDraft(db: Db | Tx, kind: ArtefactKind, key: string, forUpdate = false): Promise<DraftRow | null> {
  const q = db('artefact_draft').where({ kind, key });
  if (forUpdate) q.forUpdate();
  return ((await q.first()) as DraftRow | undefined) ?? null;
}

export async function saveDraft(trx: Tx, kind: ArtefactKind, key: string, content: Record<string, unknown>, accountId: string | null): Promise<DraftRow> {
  const [row] = await trx('artefact_draft')
    .insert({ kind, key, content: JSON.stringify(content), updated_by: accountId })
    .onConflict(['kind', 'key'])
    .merge({ content: JSON.stringify(content), updated_by: accountId, updated_at: trx.fn.now(), revision: trx.raw('artefact_draft.revision + 1') })
    .returning('*');
  return row as DraftRow;
}

export async function latestVersion(db: Db | Tx, kind: ArtefactKind, key: string): Promise<VersionRow | null> {
  const row = await db('artefact_version').where({ kind, key }).orderBy([{ column: 'major', order: 'desc' }, { column: 'minor', order: 'desc' }, { column: 'patch', order: 'desc' }]).first();
  return (row as VersionRow | undefined) ?? null;
}

export async function getVersion(db: Db | Tx, kind: ArtefactKind, key: string, version: string): Promise<VersionRow | null> {
  return ((await db('artefact_version').where({ kind, key, version }).first()) as VersionRow | undefined) ?? null;
}

export async function getVersionById(db: Db | Tx, id: string): Promise<VersionRow | null> {
  return ((await db('artefact_version').where({ id }).first()) as VersionRow | undefined) ?? null;
}

export async function listVersions(db: Db | Tx, kind: ArtefactKind, key: string): Promise<Array<Omit<VersionRow, 'content'>>> {
  return db('artefact_version')
    .where({ kind, key })
    .select('id', 'kind', 'key', 'version', 'content_hash', 'report', 'published_at', 'published_by')
    .orderBy([{ column: 'major', order: 'desc' }, { column: 'minor', order: 'desc' }, { column: 'patch', order: 'desc' }]);
}

export async function insertVersion(
  trx: Tx,
  input: { kind: ArtefactKind; key: string; version: string; contentHash: string; content: Record<string, unknown>; report: Record<string, unknown>; publishedBy: string | null },
): Promise<VersionRow> {
  const [major, minor, patch] = input.version.split('.').map((n) => Number.parseInt(n, 10));
  const [row] = await trx('artefact_version')
    .insert({
      kind: input.kind,
      key: input.key,
      version: input.version,
      major,
      minor,
      patch,
      content_hash: input.contentHash,
      content: JSON.stringify(input.content),
      report: JSON.stringify(input.report),
      published_by: input.publishedBy,
    })
    .returning('*');
  return row as VersionRow;
}

export const toPublishedBase = (row: VersionRow): PublishedBase => ({ versionId: row.id, version: row.version, contentHash: row.content_hash.trim(), content: row.content });

export interface OverlayRow {
  id: string;
  kind: ArtefactKind;
  key: string;
  layer: 'organisme' | 'establishment';
  organisme_id: string | null;
  establishment_id: string | null;
  base_version: string;
  operations: OverlayOperation[];
  description: string | null;
  revision: number;
  content_hash: string;
  updated_at: Date;
}

/** The organisme's then the establishment's patch over one artefact: the layers of that establishment. */
export async function layersFor(db: Db | Tx, kind: ArtefactKind, key: string, establishmentId: string): Promise<OverlayRow[]> {
  const rows: OverlayRow[] = await db('overlay as o')
    .where({ 'o.kind': kind, 'o.key': key })
    .where((q) =>
      q
        .where({ 'o.layer': 'establishment', 'o.establishment_id': establishmentId })
        .orWhere((w) => w.where('o.layer', 'organisme').whereIn('o.organisme_id', db('establishment').where({ id: establishmentId }).select('organisme_id'))),
    )
    .select('o.*');
  return rows.sort((a, b) => (a.layer === b.layer ? 0 : a.layer === 'organisme' ? -1 : 1));
}

export const toLayerPatch = (row: OverlayRow): LayerPatch => ({
  layer: row.layer,
  overlayId: row.id,
  revision: row.revision,
  contentHash: row.content_hash.trim(),
  operations: row.operations,
});

export async function getOverlay(db: Db | Tx, kind: ArtefactKind, key: string, layer: OverlayRow['layer'], ownerId: string, forUpdate = false): Promise<OverlayRow | null> {
  const q = db('overlay').where({ kind, key, layer, [layer === 'organisme' ? 'organisme_id' : 'establishment_id']: ownerId });
  if (forUpdate) q.forUpdate();
  return ((await q.first()) as OverlayRow | undefined) ?? null;
}

export async function saveOverlay(
  trx: Tx,
  input: { kind: ArtefactKind; key: string; layer: OverlayRow['layer']; ownerId: string; baseVersion: string; operations: OverlayOperation[]; description: string | null; contentHash: string; accountId: string | null },
): Promise<OverlayRow> {
  const existing = await getOverlay(trx, input.kind, input.key, input.layer, input.ownerId, true);
  let row: OverlayRow;
  const values = {
    base_version: input.baseVersion,
    operations: JSON.stringify(input.operations),
    description: input.description,
    content_hash: input.contentHash,
    updated_by: input.accountId,
    updated_at: trx.fn.now(),
  };
  if (existing) {
    [row] = await trx('overlay').where({ id: existing.id }).update({ ...values, revision: existing.revision + 1 }).returning('*');
  } else {
    [row] = await trx('overlay')
      .insert({ kind: input.kind, key: input.key, layer: input.layer, [input.layer === 'organisme' ? 'organisme_id' : 'establishment_id']: input.ownerId, ...values })
      .returning('*');
  }
  await trx('overlay_revision').insert({
    overlay_id: row.id,
    revision: row.revision,
    base_version: input.baseVersion,
    operations: JSON.stringify(input.operations),
    content_hash: input.contentHash,
    saved_by: input.accountId,
  });
  return row;
}

export interface EffectiveRow {
  hash: string;
  kind: ArtefactKind;
  key: string;
  base_version_id: string;
  layers: unknown;
  content: Record<string, unknown>;
  conflicts: unknown;
}

export async function getEffective(db: Db | Tx, hash: string): Promise<EffectiveRow | null> {
  return ((await db('effective_artefact').where({ hash }).first()) as EffectiveRow | undefined) ?? null;
}

export async function insertEffective(trx: Db | Tx, row: EffectiveRow): Promise<void> {
  await trx('effective_artefact')
    .insert({ ...row, layers: JSON.stringify(row.layers), content: JSON.stringify(row.content), conflicts: JSON.stringify(row.conflicts) })
    .onConflict('hash')
    .ignore();
}

/** Bumped by every publication and overlay change: servers drop their effective caches when it moves. */
export async function bumpMetadataGeneration(trx: Tx): Promise<void> {
  await trx('metadata_generation').where({ id: 1 }).increment('generation', 1);
  await trx.raw(`select pg_notify('cordee_metadata', '')`);
}

export async function metadataGeneration(db: Db | Tx): Promise<string> {
  const row = await db('metadata_generation').where({ id: 1 }).first('generation');
  return String(row?.generation ?? '0');
}
