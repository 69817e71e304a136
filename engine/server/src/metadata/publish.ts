import { AppError, type ArtefactKind, type DraftAnalysis, analyseDraft } from '@cordee/core';
import { type Tx, bumpMetadataGeneration, getDraft, insertVersion, latestVersion, recordAudit } from '@cordee/db';
import { createContractAjv, validateContract } from '@cordee/metadata';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { contractOf } from './kinds';
import { impactOf, type Impact } from './impact';
import { invalidateEffectiveCache } from './effective';

/**
 * Only checks that a schema compiles in strict mode: the validator it makes is thrown away, so
 * ajv's code optimisation (half the compile time of a 300-field grid) is skipped here.
 */
let schemaChecker: ReturnType<typeof createContractAjv> | undefined;

/** The draft must satisfy its kind's contract and, for forms and grids, compile as a strict JSON Schema. */
export function contractIssuesOf(kind: ArtefactKind, key: string, draft: Record<string, unknown>): Array<{ path: string; message: string }> {
  const { migration: _m, ...rest } = draft;
  const issues = validateContract(contractOf[kind], { ...rest, key }).map((i) => ({ path: i.path, message: `Définition invalide : ${i.message}.` }));
  if (issues.length === 0 && (kind === 'form' || kind === 'grid')) {
    schemaChecker ??= createContractAjv({ optimize: false });
    try {
      schemaChecker.compile(draft.schema as object);
      schemaChecker.removeSchema(draft.schema as object);
    } catch (error) {
      issues.push({ path: '/schema', message: `Le schéma ne se compile pas en mode strict : ${(error as Error).message}` });
    }
  }
  return issues;
}

export interface PublishResult {
  version: string;
  contentHash: string;
  report: DraftAnalysis['report'] & { impact: Impact[] };
}

/** Analyses the draft against the latest version, without publishing. */
export async function checkDraft(trx: Tx, kind: ArtefactKind, key: string): Promise<{ analysis: DraftAnalysis; impact: Impact[]; contractIssues: Array<{ path: string; message: string }> }> {
  const draft = await getDraft(trx, kind, key, true);
  if (!draft) throw new AppError('NOT_FOUND', { detail: 'Aucun brouillon à publier.' });
  const contractIssues = contractIssuesOf(kind, key, draft.content);
  const previous = await latestVersion(trx, kind, key);
  const analysis = analyseDraft(kind, key, draft.content, previous ? { version: previous.version, content: previous.content } : null);
  const impact = await impactOf(trx, kind, key, analysis.report.breaking);
  return { analysis, impact, contractIssues };
}

/**
 * Publishes the draft as a new immutable version: refused when the definition is invalid, fails
 * lint, or breaks saved answers without a migration covering each break.
 */
export async function publishDraft(deps: AppDeps, ctx: RequestContext, kind: ArtefactKind, key: string): Promise<PublishResult> {
  const result = await deps.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`cordee.publish.${kind}.${key}`]);
    const { analysis, impact, contractIssues } = await checkDraft(trx, kind, key);
    const report = { ...analysis.report, impact };
    if (contractIssues.length > 0) throw new AppError('METADATA_INVALID', { issues: contractIssues });
    if (analysis.lint.length > 0) throw new AppError('METADATA_INVALID', { issues: analysis.lint, extensions: { report } });
    if (report.unresolved.length > 0) {
      throw new AppError('BREAKING_CHANGE_WITHOUT_MIGRATION', {
        issues: report.unresolved.map((c) => ({ path: c.path, message: c.message })),
        extensions: { report },
      });
    }
    if (analysis.unchanged) throw new AppError('NOTHING_TO_PUBLISH');
    await insertVersion(trx, {
      kind,
      key,
      version: report.version,
      contentHash: analysis.contentHash,
      content: { ...analysis.content, version: report.version },
      report,
      publishedBy: ctx.user?.accountId ?? null,
    });
    await bumpMetadataGeneration(trx);
    await recordAudit(
      trx,
      auditEvent(ctx, { action: 'metadata.publish', targetType: kind, targetId: `${key}@${report.version}`, detail: { breaking: report.breaking.length, warnings: report.warnings.length } }),
    );
    return { version: report.version, contentHash: analysis.contentHash, report };
  });
  invalidateEffectiveCache(deps);
  return result;
}
