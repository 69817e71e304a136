import type { Db, Tx } from '../connection';

/** How a portal account is linked to a dossier: the young person themself, or a legal representative. */
export type PortalRelation = 'usager' | 'legal_representative';

export interface PortalAccountRecord {
  accountId: string;
  login: string;
  displayName: string;
  relation: PortalRelation;
  status: 'active' | 'disabled';
  openedAt: Date;
  openedBy: string | null;
  /** The initial password handed over has not been replaced yet (no first login completed). */
  passwordChangeRequired: boolean;
}

export async function linkPortalAccount(trx: Tx, input: { accountId: string; dossierId: string; relation: PortalRelation; createdBy: string }): Promise<void> {
  await trx('account_dossier_link').insert({ account_id: input.accountId, dossier_id: input.dossierId, relation: input.relation, created_by: input.createdBy });
}

/** The portal accounts linked to a dossier: the young person first, then the legal representatives, by name. */
export async function listPortalAccounts(db: Db | Tx, dossierId: string): Promise<PortalAccountRecord[]> {
  return db('account_dossier_link as l')
    .join('account as a', 'a.id', 'l.account_id')
    .leftJoin('account as c', 'c.id', 'l.created_by')
    .where('l.dossier_id', dossierId)
    .orderByRaw(`l.relation = 'usager' desc, a.display_name, a.id`)
    .select('a.id as accountId', 'a.login', 'a.display_name as displayName', 'l.relation', 'a.status', 'l.created_at as openedAt', 'c.display_name as openedBy', 'a.password_change_required as passwordChangeRequired');
}

/** The link of an account to a dossier, row-locked until the end of the transaction (two revocations queue up); null when there is none. */
export async function lockPortalLink(trx: Tx, accountId: string, dossierId: string): Promise<{ relation: PortalRelation; login: string } | null> {
  const row = await trx('account_dossier_link as l')
    .join('account as a', 'a.id', 'l.account_id')
    .where({ 'l.account_id': accountId, 'l.dossier_id': dossierId })
    .forUpdate('l')
    .first('l.relation', 'a.login');
  return (row as { relation: PortalRelation; login: string } | undefined) ?? null;
}

/** Ends the link; returns how many dossiers the account is still linked to. */
export async function unlinkPortalAccount(trx: Tx, accountId: string, dossierId: string): Promise<number> {
  await trx('account_dossier_link').where({ account_id: accountId, dossier_id: dossierId }).delete();
  const [row] = await trx('account_dossier_link').where({ account_id: accountId }).count<Array<{ count: string }>>('* as count');
  return Number(row?.count ?? 0);
}
