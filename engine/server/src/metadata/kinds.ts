import { AppError, type ArtefactKind } from '@cordee/core';
import type { SchemaId } from '@cordee/metadata';

/** URL segment -> artefact kind, and the contract schema of each kind. */
export const kindsBySegment: Record<string, ArtefactKind> = {
  forms: 'form',
  grids: 'grid',
  workflows: 'workflow',
  profiles: 'profile',
  templates: 'template',
};

export const contractOf: Record<ArtefactKind, SchemaId> = {
  form: 'metadata/form',
  grid: 'metadata/grid',
  workflow: 'metadata/workflow',
  profile: 'metadata/profile',
  template: 'metadata/template',
};

export function kindFromSegment(segment: string | undefined): ArtefactKind {
  const kind = segment ? kindsBySegment[segment] : undefined;
  if (!kind) throw new AppError('ROUTE_NOT_FOUND', { detail: `Type de métadonnée inconnu : ${segment}. Attendu : ${Object.keys(kindsBySegment).join(', ')}.` });
  return kind;
}

export function keyFromParam(key: string | undefined): string {
  if (!key || !/^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/.test(key) || key.length > 100) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/key', message: 'La clé ne contient que des minuscules, chiffres, « _ » ou « - », et commence par une lettre.' }] });
  }
  return key;
}
