import { AppError } from '@cordee/core';
import { type DossierAccessRecord, type Tx, findDossierAccessRecord } from '@cordee/db';
import { type DemoLoadResult, type DemoRecord, backdateDemoSubmissions, resolveDemoRefs } from '@cordee/seeds';
import type { AppDeps } from '../deps';
import type { RequestContext } from '../http/context';
import type { EffectiveArtefact } from '../metadata/effective';
import { type Capture, captureAnswers, effectiveForCapture } from '../submissions/capture';
import { type NewSubmissionInput, createSubmissionsInTx } from '../submissions/create-in-tx';

/**
 * Stores the demo dossiers' answers as the API stores a final submission: the effective form or
 * grid of the dossier's establishment, the server's capture (server-owned values dropped, grid
 * scored, computed fields evaluated, strict validation), then `createSubmissionsInTx` (effective
 * artefacts persisted, revisions, reporting events, audit), in bulk. The pack must be published
 * first. Each submission is then dated when it was written (never after now). Returns how many
 * were stored.
 */
export async function storeDemoRecords(deps: AppDeps, trx: Tx, records: readonly DemoRecord[], ids: DemoLoadResult['ids']): Promise<number> {
  const ctx: RequestContext = { requestId: 'demo-data', ip: null, log: deps.logger, user: null, sessionExpired: false };
  const now = deps.clock.now().toISOString();
  const dossiers = new Map<string, DossierAccessRecord>();
  const inputs: NewSubmissionInput[] = [];
  const times: string[] = [];
  for (const record of records) {
    const dossier = await dossierOf(trx, dossiers, ids.dossiers.get(record.childKey));
    const accountId = ids.accounts.get(record.authorLogin);
    if (!accountId) throw new Error(`demo record of ${record.childKey}: unknown author ${record.authorLogin}`);
    const effective = await effectiveForCapture(deps, record.kind, record.form, dossier.establishmentId);
    const at = new Date(record.at).toISOString() < now ? record.at : now;
    inputs.push({ dossier, effective, capture: capture(deps, effective, record, ids), status: 'final', accountId, auditDetail: { demo: true }, now: new Date(at) });
    times.push(at);
  }
  const stored = await createSubmissionsInTx(trx, ctx, inputs);
  await backdateDemoSubmissions(trx, stored.map(({ submission }, i) => ({ submissionId: submission.id, at: times[i]! })));
  return stored.length;
}

function capture(deps: AppDeps, effective: EffectiveArtefact, record: DemoRecord, ids: DemoLoadResult['ids']): Capture {
  try {
    return captureAnswers(deps, effective, resolveDemoRefs(record.data, ids.establishments), 'final');
  } catch (error) {
    const issues = error instanceof AppError ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : '';
    throw new Error(`demo record « ${record.form} » of ${record.childKey} refused: ${(error as Error).message}${issues ? ` — ${issues}` : ''}`);
  }
}

async function dossierOf(trx: Tx, cache: Map<string, DossierAccessRecord>, id: string | undefined): Promise<DossierAccessRecord> {
  if (!id) throw new Error('demo record of a child that was not loaded');
  const known = cache.get(id);
  if (known) return known;
  const dossier = await findDossierAccessRecord(trx, id);
  if (!dossier) throw new Error(`demo dossier ${id} not found`);
  cache.set(id, dossier);
  return dossier;
}
