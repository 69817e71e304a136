import { type FormContent, type OverlayConflict, type OverlayOperation, applyOverlay } from '../forms/overlay';
import type { SchemaNode } from '../forms/schema-fields';
import { contentHash } from './versions';

export type ArtefactKind = 'form' | 'grid' | 'workflow' | 'profile' | 'template';

export interface PublishedBase {
  versionId: string;
  version: string;
  contentHash: string;
  content: Record<string, unknown>;
}

/** One layer's saved patch over the shared artefact. */
export interface LayerPatch {
  layer: 'organisme' | 'establishment';
  overlayId: string;
  revision: number;
  contentHash: string;
  operations: OverlayOperation[];
}

export interface LayerConflict extends OverlayConflict {
  layer: LayerPatch['layer'];
  overlayId: string;
}

export interface ComputedEffective {
  hash: string;
  content: Record<string, unknown>;
  conflicts: LayerConflict[];
  layers: Array<Pick<LayerPatch, 'layer' | 'overlayId' | 'revision' | 'contentHash'>>;
}

/** The address of an effective artefact: the base version's content and each layer's patch revision. */
export function effectiveHash(base: PublishedBase, layers: readonly LayerPatch[]): string {
  return contentHash({ base: base.contentHash, layers: layers.map((l) => [l.layer, l.overlayId, l.revision, l.contentHash]) });
}

function applyLayer(kind: ArtefactKind, content: Record<string, unknown>, patch: LayerPatch): { content: Record<string, unknown>; conflicts: OverlayConflict[] } {
  if (kind === 'form' || kind === 'grid') {
    const result = applyOverlay({ schema: content.schema as SchemaNode, uiSchema: (content.uiSchema as FormContent['uiSchema']) ?? {} }, patch.operations);
    return { content: { ...content, schema: result.schema, uiSchema: result.uiSchema }, conflicts: result.conflicts };
  }
  if (kind === 'profile') {
    const conflicts: OverlayConflict[] = [];
    let rules = [...((content.rules as unknown[]) ?? [])];
    patch.operations.forEach((op, index) => {
      if (op.op === 'addRules') rules = [...rules, ...op.rules];
      else conflicts.push({ index, op: op.op, path: op.path, reason: 'Seul l’ajout de règles s’applique à un profil.' });
    });
    return { content: { ...content, rules }, conflicts };
  }
  return {
    content,
    conflicts: patch.operations.map((op, index) => ({ index, op: op.op, path: op.path, reason: 'Les adaptations de ce type d’artefact ne sont pas encore prises en charge.' })),
  };
}

/**
 * Shared version -> organisme patch -> établissement patch. Conflicting operations are skipped and
 * listed, so an establishment always gets a working artefact and sees what no longer applies.
 */
export function computeEffective(kind: ArtefactKind, base: PublishedBase, layers: readonly LayerPatch[]): ComputedEffective {
  let content = base.content;
  const conflicts: LayerConflict[] = [];
  for (const layer of layers) {
    const result = applyLayer(kind, content, layer);
    content = result.content;
    conflicts.push(...result.conflicts.map((c) => ({ ...c, layer: layer.layer, overlayId: layer.overlayId })));
  }
  return {
    hash: effectiveHash(base, layers),
    content,
    conflicts,
    layers: layers.map(({ layer, overlayId, revision, contentHash: hash }) => ({ layer, overlayId, revision, contentHash: hash })),
  };
}
