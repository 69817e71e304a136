import type { ValidateFunction } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020';
import { AppError, type ArtefactKind, type LayerConflict, type SchemaNode, computeEffective } from '@cordee/core';
import { type Db, type EffectiveRow, type Tx, getEffective, getVersionById, insertEffective, latestVersion, layersFor, metadataGeneration, toLayerPatch, toPublishedBase } from '@cordee/db';
import { createContractAjv } from '@cordee/metadata';
import type { AppDeps } from '../deps';

/** A shared artefact as one establishment gets it: the published version under its layers. */
export interface EffectiveArtefact {
  kind: ArtefactKind;
  key: string;
  /** Content address of base version + layer patches: what records store. */
  hash: string;
  baseVersionId: string;
  baseVersion: string;
  content: Record<string, unknown>;
  conflicts: LayerConflict[];
  layers: Array<{ layer: string; overlayId: string; revision: number; contentHash: string }>;
}

const GENERATION_TTL_MS = 1_000;
const MAX_ENTRIES = 5_000;

interface Cache {
  generation: string | null;
  checkedAt: number;
  byTarget: Map<string, EffectiveArtefact>;
  byHash: Map<string, EffectiveArtefact>;
  validators: Map<string, ValidateFunction>;
  ajv: Ajv2020 | null;
}

const persistedByDatabase = new WeakMap<object, Set<string>>();

const caches = new WeakMap<AppDeps, Cache>();

function cacheOf(deps: AppDeps): Cache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = { generation: null, checkedAt: 0, byTarget: new Map(), byHash: new Map(), validators: new Map(), ajv: null };
    caches.set(deps, cache);
  }
  return cache;
}

/** Drops cached effective artefacts when any server published or changed a layer (checked at most once a second). */
async function refreshGeneration(deps: AppDeps, cache: Cache): Promise<void> {
  const now = Date.now();
  if (cache.generation !== null && now - cache.checkedAt < GENERATION_TTL_MS) return;
  const generation = await metadataGeneration(deps.db);
  cache.checkedAt = now;
  if (generation !== cache.generation) {
    cache.generation = generation;
    cache.byTarget.clear();
  }
}

/** After a local publication: forget at once rather than within a second. */
export function invalidateEffectiveCache(deps: AppDeps): void {
  const cache = cacheOf(deps);
  cache.generation = null;
  cache.byTarget.clear();
}

function remember(map: Map<string, EffectiveArtefact>, key: string, value: EffectiveArtefact): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * The latest published version of a shared artefact under the organisme and establishment patches
 * (no establishment: the shared version alone, e.g. the profile of an organisation-wide assignment).
 */
export async function effectiveFor(deps: AppDeps, kind: ArtefactKind, key: string, establishmentId: string | null): Promise<EffectiveArtefact> {
  const cache = cacheOf(deps);
  await refreshGeneration(deps, cache);
  const target = `${kind}|${key}|${establishmentId ?? '-'}`;
  const cached = cache.byTarget.get(target);
  if (cached) return cached;
  const base = await latestVersion(deps.db, kind, key);
  if (!base) throw new AppError('NOT_FOUND', { detail: `Aucune version publiée pour ${kind} « ${key} ».` });
  const layers = establishmentId ? (await layersFor(deps.db, kind, key, establishmentId)).map(toLayerPatch) : [];
  const computed = computeEffective(kind, toPublishedBase(base), layers);
  const effective: EffectiveArtefact = {
    kind,
    key,
    hash: computed.hash,
    baseVersionId: base.id,
    baseVersion: base.version,
    content: computed.content,
    conflicts: computed.conflicts,
    layers: computed.layers,
  };
  const known = cache.byHash.get(effective.hash) ?? effective;
  remember(cache.byHash, known.hash, known);
  remember(cache.byTarget, target, known);
  return known;
}

/** The exact artefact a record was captured with (persisted when the record was saved). */
export async function effectiveByHash(deps: AppDeps, hash: string): Promise<EffectiveArtefact | null> {
  const cache = cacheOf(deps);
  const cached = cache.byHash.get(hash);
  if (cached) return cached;
  const row = await getEffective(deps.db, hash);
  if (!row) return null;
  const base = await getVersionById(deps.db, row.base_version_id);
  const effective: EffectiveArtefact = {
    kind: row.kind,
    key: row.key,
    hash: row.hash.trim(),
    baseVersionId: row.base_version_id,
    baseVersion: base?.version ?? '?',
    content: row.content,
    conflicts: row.conflicts as LayerConflict[],
    layers: row.layers as EffectiveArtefact['layers'],
  };
  remember(cache.byHash, effective.hash, effective);
  return effective;
}

/**
 * Hashes known to be stored in a database (rows are immutable and never deleted), known per
 * database (its client's configuration, which its transactions share): one process may talk to
 * several databases (tests).
 */
function storedHashes(db: Db | Tx): Set<string> {
  const config = db.client.config as object;
  let stored = persistedByDatabase.get(config);
  if (!stored) persistedByDatabase.set(config, (stored = new Set()));
  return stored;
}

/** The row of an effective artefact to store with the record that uses it, or null when the database is known to hold it. */
export function effectiveRowToStore(db: Db | Tx, effective: EffectiveArtefact): EffectiveRow | null {
  if (storedHashes(db).has(effective.hash)) return null;
  return {
    hash: effective.hash,
    kind: effective.kind,
    key: effective.key,
    base_version_id: effective.baseVersionId,
    layers: effective.layers,
    content: effective.content,
    conflicts: effective.conflicts,
  };
}

/**
 * Remembers that an effective artefact is stored once `written` (the statement that stored it) has
 * succeeded and, inside a transaction, once the transaction has committed: a rolled-back insert stored nothing.
 */
export function rememberStored(db: Db | Tx, effective: EffectiveArtefact, written: Promise<unknown>): void {
  const committed = db.isTransaction ? written.then(() => (db as Tx).executionPromise) : written;
  committed.then(() => storedHashes(db).add(effective.hash)).catch(() => undefined);
}

/** Stores the effective artefact under its hash (idempotent), in the transaction of the record that uses it. */
export async function persistEffective(trx: Tx, effective: EffectiveArtefact): Promise<void> {
  const row = effectiveRowToStore(trx, effective);
  if (!row) return;
  const written = insertEffective(trx, row);
  rememberStored(trx, effective, written);
  await written;
}

/** A schema without `required` anywhere: what a draft save is checked against (types and formats only). */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([k, v]) => !(k === 'required' && Array.isArray(v)) && k !== 'minItems' && k !== 'minContains')
      .map(([k, v]) => [k, withoutRequired(v)]),
  );
}

/** ajv validator of an effective form or grid, compiled once per hash and mode. */
export function validatorFor(deps: AppDeps, effective: EffectiveArtefact, mode: 'draft' | 'final'): ValidateFunction {
  const cache = cacheOf(deps);
  const id = `${effective.hash}|${mode}`;
  let validate = cache.validators.get(id);
  if (!validate) {
    cache.ajv ??= createContractAjv();
    const schema = effective.content.schema as SchemaNode;
    validate = cache.ajv.compile(mode === 'final' ? schema : (withoutRequired(schema) as SchemaNode));
    cache.validators.set(id, validate);
  }
  return validate;
}
