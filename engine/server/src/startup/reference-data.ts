import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { analyseDraft } from '@cordee/core';
import { type Db, ensureArtefact, insertAccount, insertAssignment, latestVersion, recordAudit, saveDraft } from '@cordee/db';
import { packProfiles } from '@cordee/seeds';
import { hashPassword } from '../auth/passwords';
import type { RequestContext } from '../http/context';
import { publishWithin } from '../metadata/publish';

/**
 * Loads the reference data every installation needs: the profiles of the pack, published as
 * `profile` artefacts through the same draft -> publish path (rules checked, gains and losses
 * reported) when their content differs from the latest version. Idempotent; returns what it published.
 */
export async function loadReferenceData(db: Db): Promise<string[]> {
  const ctx: RequestContext = { requestId: 'reference-data', ip: null, log: pino({ level: 'silent' }), user: null, sessionExpired: false };
  const published: string[] = [];
  for (const profile of packProfiles()) {
    const { key, ...definition } = profile;
    const latest = await latestVersion(db, 'profile', key);
    if (analyseDraft('profile', key, definition, latest ? { version: latest.version, content: latest.content } : null).unchanged) continue;
    const result = await db.transaction(async (trx) => {
      await ensureArtefact(trx, 'profile', key);
      await saveDraft(trx, 'profile', key, definition, null);
      return publishWithin(trx, ctx, 'profile', key);
    });
    published.push(`profile/${key}@${result.version}`);
  }
  return published;
}

/**
 * Creates the `admin` account on first start, with CORDEE_ADMIN_PASSWORD or a generated password
 * printed once. Does nothing when it exists (its password is never reset here).
 */
export async function ensureAdminAccount(db: Db, logger: Logger, password: string | null): Promise<{ created: boolean; generatedPassword: string | null }> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(727002)');
    const existing = await trx('account').whereRaw("lower(login) = 'admin'").first('id');
    if (existing) return { created: false, generatedPassword: null };
    const generated = password ? null : `${randomBytes(12).toString('base64url')}-Aa1`;
    // not forced to change the password at first login: the operator chose it (CORDEE_ADMIN_PASSWORD) or alone received it in the server's log
    const accountId = await insertAccount(trx, { login: 'admin', displayName: 'Administrateur', passwordHash: await hashPassword(password ?? generated!) });
    await insertAssignment(trx, { accountId, profileKey: 'administrateur' });
    await recordAudit(trx, {
      action: 'account.create', targetType: 'account', targetId: accountId, dossierId: null, actorAccountId: null, actorProfile: 'system',
      establishmentId: null, requestId: null, purpose: 'first start', ip: null, outcome: 'success', detail: { login: 'admin' },
    });
    if (generated) logger.warn(`Compte administrateur créé : identifiant « admin », mot de passe « ${generated} » (affiché une seule fois).`);
    else logger.info('Compte administrateur « admin » créé avec le mot de passe de CORDEE_ADMIN_PASSWORD.');
    return { created: true, generatedPassword: generated };
  });
}
