import {
  AppError,
  type FieldInfo,
  type GridResult,
  type GridScoring,
  type SchemaNode,
  attachmentReferences,
  computeFields,
  dropServerOwned,
  listFields,
  scoreGrid,
  validationError,
} from '@cordee/core';
import { type Db, type Tx, attachmentsOfDossier } from '@cordee/db';
import type { AppDeps } from '../deps';
import { issuesFromAjv } from '../http/schema-validation';
import { type EffectiveArtefact, effectiveFor, validatorFor } from '../metadata/effective';

type Json = Record<string, unknown>;

/** What the server keeps of some answers once it has taken them over. */
export interface Capture {
  data: Json;
  computed: Record<string, unknown>;
  gridResult: GridResult | null;
}

const fieldCache = new WeakMap<EffectiveArtefact, FieldInfo[]>();

/** The flattened fields of an effective form (cached per effective artefact, which is itself cached by hash). */
export function fieldsOf(effective: EffectiveArtefact): FieldInfo[] {
  let fields = fieldCache.get(effective);
  if (!fields) {
    fields = listFields(effective.content.schema as SchemaNode);
    fieldCache.set(effective, fields);
  }
  return fields;
}

const gridOf = (effective: EffectiveArtefact): GridScoring | null => (effective.kind === 'grid' ? (effective.content as unknown as GridScoring) : null);

/**
 * The server's version of some answers: client values of computed and read-only fields dropped,
 * grid scored, computed fields evaluated (they see the grid's items, scores and bands), then the
 * whole checked against the effective schema — strictly for a final submission, types and formats
 * only for a draft. Computing before validating means the server's own values are checked against
 * their declared types too. Throws 422 naming each field with a French message.
 */
export function captureAnswers(deps: AppDeps, effective: EffectiveArtefact, input: Json, mode: 'draft' | 'final'): Capture {
  const fields = fieldsOf(effective);
  const { data: owned } = dropServerOwned(input, fields);
  const grid = gridOf(effective);
  const gridResult = grid ? scoreGrid(grid, owned) : null;
  const context = gridResult ? { items: gridResult.items, scores: gridResult.scores, bands: gridResult.bands, evaluated: gridResult.evaluated, total: gridResult.total, completeness: gridResult.completeness } : {};
  const { data, computed } = computeFields(owned, fields, context);
  const issues = revalidate(deps, effective, data, mode);
  if (issues.length > 0) throw validationError(issues, mode === 'final' ? 'La saisie définitive est incomplète ou invalide.' : 'Le brouillon contient des valeurs invalides.');
  return { data, computed, gridResult };
}

/** French issues of some answers against an effective form (none when valid). */
export function revalidate(deps: AppDeps, effective: EffectiveArtefact, data: Json, mode: 'draft' | 'final') {
  const validate = validatorFor(deps, effective, mode);
  return validate(data) ? [] : issuesFromAjv(validate.errors);
}

/** Every file the answers refer to must be an attachment of the record's dossier. */
export async function assertAttachmentsOf(db: Db | Tx, effective: EffectiveArtefact, dossierId: string, data: Json): Promise<void> {
  const refs = attachmentReferences(data, fieldsOf(effective));
  if (refs.length === 0) return;
  const known = await attachmentsOfDossier(db, dossierId, refs.flatMap((r) => (r.attachmentId ? [r.attachmentId] : [])));
  const issues = refs
    .filter((r) => r.attachmentId === null || !known.has(r.attachmentId))
    .map((r) => ({
      path: r.path,
      message: r.attachmentId === null ? 'Une pièce jointe s’indique par { "attachmentId": "…" }.' : 'Cette pièce jointe n’existe pas dans ce dossier.',
    }));
  if (issues.length > 0) throw validationError(issues);
}

/** The effective form a new record is captured with, or 422 on `/form` when the key was never published. */
export async function effectiveForCapture(deps: AppDeps, kind: 'form' | 'grid', key: string, establishmentId: string): Promise<EffectiveArtefact> {
  try {
    return await effectiveFor(deps, kind, key, establishmentId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw validationError([{ path: '/form', message: 'Ce formulaire n’existe pas ou n’a jamais été publié.' }]);
    throw error;
  }
}
