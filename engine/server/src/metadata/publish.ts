import { AppError, type ArtefactKind, type DraftAnalysis, type ProfileRule, analyseDraft, lintWorkflow } from '@cordee/core';
import { type ProfileRow, type Tx, bumpMetadataGeneration, getDraft, insertVersion, latestVersion, profileRuleIssues, recordAudit, upsertProfileCatalogue } from '@cordee/db';
import { createContractAjv, validateContract } from '@cordee/metadata';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { contractOf } from './kinds';
import { impactOf, type Impact } from './impact';
import { invalidateEffectiveCache } from './effective';
import { workflowCatalogue } from '../workflow/catalogue';
import { recordEventTriggers } from '../workflow/event-triggers';
import { recordFormTriggers } from '../workflow/form-triggers';

/**
 * Only checks that a schema compiles in strict mode: the validator it makes is thrown away, so
 * ajv's code optimisation (half the compile time of a 300-field grid) is skipped here.
 */
let schemaChecker: ReturnType<typeof createContractAjv> | undefined;

/** The draft must satisfy its kind's contract and, for forms and grids, compile as a strict JSON Schema. */
export function contractIssuesOf(kind: ArtefactKind, key: string, draft: Record<string, unknown>): Array<{ path: string; message: string }> {
  const { migration: _m, ...rest } = draft;
  const issues = validateContract(contractOf[kind], { ...rest, key }).map((i) => ({ path: i.path, message: `Définition invalide : ${i.message}.` }));
  if (issues.length === 0 && kind === 'profile') issues.push(...profileRuleIssues(draft.rules as ProfileRule[]));
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
  if (kind === 'workflow' && contractIssues.length === 0) {
    const lint = await lintWorkflow(String(draft.content.bpmnXml), await workflowCatalogue(trx));
    analysis.lint.push(...lint.errors);
    if (lint.warnings.length > 0) analysis.report.lintWarnings = lint.warnings;
  }
  const impact = await impactOf(trx, kind, key, analysis.report.breaking);
  return { analysis, impact, contractIssues };
}

/**
 * Publishes the draft as a new immutable version: refused when the definition is invalid, fails
 * lint, or breaks saved answers without a migration covering each break.
 */
export async function publishDraft(deps: AppDeps, ctx: RequestContext, kind: ArtefactKind, key: string): Promise<PublishResult> {
  const result = await deps.db.transaction((trx) => publishWithin(trx, ctx, kind, key));
  invalidateEffectiveCache(deps);
  if (kind === 'profile') deps.invalidateProfiles();
  return result;
}

/**
 * The publication itself, in the caller's transaction (the reference data loader publishes the
 * pack's profiles before any server exists). A profile also enters the catalogue that assignments
 * reference. Other servers see the new version through the metadata generation.
 */
export async function publishWithin(trx: Tx, ctx: RequestContext, kind: ArtefactKind, key: string): Promise<PublishResult> {
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
  const inserted = await insertVersion(trx, {
    kind,
    key,
    version: report.version,
    contentHash: analysis.contentHash,
    content: { ...analysis.content, version: report.version },
    report,
    publishedBy: ctx.user?.accountId ?? null,
  });
  if (kind === 'workflow') {
    await recordFormTriggers(trx, key, inserted.id, String(analysis.content.bpmnXml));
    await recordEventTriggers(trx, key, inserted.id, String(analysis.content.bpmnXml));
  }
  if (kind === 'profile') {
    const { label, kind: profileKind } = analysis.content as unknown as ProfileRow;
    await upsertProfileCatalogue(trx, { key, label, kind: profileKind });
  }
  await bumpMetadataGeneration(trx);
  const permissions = report.permissions ? { gained: report.permissions.gained.length, lost: report.permissions.lost.length } : {};
  await recordAudit(
    trx,
    auditEvent(ctx, { action: 'metadata.publish', targetType: kind, targetId: `${key}@${report.version}`, detail: { breaking: report.breaking.length, warnings: report.warnings.length, ...permissions } }),
  );
  return { version: report.version, contentHash: analysis.contentHash, report };
}
