import { AppError, type CompiledWorkflow, compileWorkflow, parseWorkflow, serializeWorkflow } from '@cordee/core';
import { type Db, type Tx, type VersionRow, getVersionById, latestVersion } from '@cordee/db';

/**
 * Published workflow versions compiled once per process: the BPMN parsed by bpmn-moddle and kept
 * as moddle-context-serializer's source context, which every engine of that version shares.
 * Versions are immutable, so the cache never needs invalidating; it is bounded by size.
 */
const MAX_CACHED = 200;
const compiled = new Map<string, Promise<CompiledWorkflow>>();

/** Whether each form a version's tasks name is a form or a grid (a form wins if both exist), found when the version is compiled. */
const formKinds = new WeakMap<CompiledWorkflow, Map<string, 'form' | 'grid'>>();

export const formKindOf = (workflow: CompiledWorkflow, key: string): 'form' | 'grid' | null => formKinds.get(workflow)?.get(key) ?? null;

async function compile(db: Db | Tx, row: VersionRow): Promise<CompiledWorkflow> {
  const parsed = await parseWorkflow(String(row.content.bpmnXml));
  const workflow = compileWorkflow({ key: row.key, versionId: row.id, version: row.version, serialized: serializeWorkflow(parsed), elements: parsed.elements });
  const keys = [...new Set([...parsed.elements.values()].flatMap((e) => (e.formRef ? [e.formRef] : [])))];
  const rows = keys.length > 0 ? await db('artefact').whereIn('key', keys).whereIn('kind', ['form', 'grid']).orderBy('kind', 'desc').select('key', 'kind') : [];
  formKinds.set(workflow, new Map(rows.map((r: { key: string; kind: 'form' | 'grid' }) => [r.key, r.kind])));
  return workflow;
}

export async function compiledVersion(db: Db | Tx, versionId: string): Promise<CompiledWorkflow> {
  let entry = compiled.get(versionId);
  if (!entry) {
    entry = getVersionById(db, versionId).then((row) => {
      if (!row || row.kind !== 'workflow') throw new AppError('NOT_FOUND', { detail: 'Version de processus introuvable.' });
      return compile(db, row);
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
