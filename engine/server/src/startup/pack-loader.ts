import type { Logger } from 'pino';
import { analyseDraft } from '@cordee/core';
import { type Db, ensureArtefact, latestVersion, saveDraft } from '@cordee/db';
import { packArtefacts } from '@cordee/seeds';
import type { AppDeps } from '../deps';
import type { RequestContext } from '../http/context';
import { publishDraft } from '../metadata/publish';

/**
 * Brings the published metadata up to the pack through the same draft -> publish path a quality
 * manager uses: an artefact whose content differs from its latest version is published again
 * (with the compatibility report and the migration its file carries). Returns what was published.
 */
export async function loadPack(deps: AppDeps, logger: Logger): Promise<string[]> {
  const ctx: RequestContext = { requestId: 'pack-loader', ip: null, log: logger, user: null, sessionExpired: false };
  const published: string[] = [];
  for (const artefact of packArtefacts()) {
    const latest = await latestVersion(deps.db, artefact.kind, artefact.key);
    const analysis = analyseDraft(artefact.kind, artefact.key, artefact.definition, latest ? { version: latest.version, content: latest.content } : null);
    if (analysis.unchanged) continue;
    await saveDraftOf(deps.db, artefact.kind, artefact.key, artefact.definition);
    try {
      const result = await publishDraft(deps, ctx, artefact.kind, artefact.key);
      published.push(`${artefact.kind}/${artefact.key}@${result.version}`);
    } catch (error) {
      const detail = (error as { issues?: Array<{ path: string; message: string }> }).issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw new Error(`Le pack ne peut pas être publié : ${artefact.kind} « ${artefact.key} » (${artefact.file}) — ${(error as Error).message}${detail ? ` — ${detail}` : ''}`);
    }
  }
  if (published.length > 0) logger.info({ published }, 'pack metadata published');
  return published;
}

async function saveDraftOf(db: Db, kind: Parameters<typeof ensureArtefact>[1], key: string, definition: Record<string, unknown>): Promise<void> {
  await db.transaction(async (trx) => {
    await ensureArtefact(trx, kind, key);
    await saveDraft(trx, kind, key, definition, null);
  });
}
