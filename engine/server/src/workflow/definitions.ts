import { AppError, type CompiledWorkflow, compileWorkflow, parseWorkflow, serializeWorkflow } from '@cordee/core';
import { type Db, type Tx, type VersionRow, getVersionById, latestVersion } from '@cordee/db';

/**
 * Published workflow versions compiled once per process: the BPMN parsed by bpmn-moddle and kept
 * as moddle-context-serializer's source context, which every engine of that version shares.
 * Versions are immutable, so the cache never needs invalidating; it is bounded by size.
 */
const MAX_CACHED = 200;
const compiled = new Map<string, Promise<CompiledWorkflow>>();

async function compile(row: VersionRow): Promise<CompiledWorkflow> {
  const parsed = await parseWorkflow(String(row.content.bpmnXml));
  return compileWorkflow({ key: row.key, versionId: row.id, version: row.version, serialized: serializeWorkflow(parsed), elements: parsed.elements });
}

export async function compiledVersion(db: Db | Tx, versionId: string): Promise<CompiledWorkflow> {
  let entry = compiled.get(versionId);
  if (!entry) {
    entry = getVersionById(db, versionId).then((row) => {
      if (!row || row.kind !== 'workflow') throw new AppError('NOT_FOUND', { detail: 'Version de processus introuvable.' });
      return compile(row);
    });
    entry.catch(() => compiled.delete(versionId));
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(versionId, entry);
  }
  return entry;
}

/** The latest published version of a workflow, or 422 on `/workflow` when there is none. */
export async function latestWorkflowVersion(db: Db | Tx, key: string): Promise<VersionRow> {
  const row = await latestVersion(db, 'workflow', key);
  if (!row) throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/workflow', message: 'Ce processus n’existe pas ou n’a jamais été publié.' }] });
  return row;
}
