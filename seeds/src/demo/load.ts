import { type Tx, insertAccount, insertAssignment, insertCareTeamMember, insertDossier, insertPlacement, recordAudit } from '@cordee/db';
import type { DemoChild, DemoData } from './model';

export interface DemoLoadCounts {
  establishments: number;
  units: number;
  accounts: number;
  dossiers: number;
  placements: number;
  careTeamMembers: number;
}

/** What was loaded, and the ids the demo keys received (establishments, accounts by login, dossiers by child key). */
export interface DemoLoadResult {
  counts: DemoLoadCounts;
  ids: {
    establishments: Map<string, string>;
    accounts: Map<string, string>;
    dossiers: Map<string, string>;
  };
}

const morning = (day: string) => `${day}T09:00:00Z`;

/**
 * Writes generated demo data in the caller's transaction (all or nothing), through the stores.
 * Every demo account gets `is_demo` and the one password hash given. Each dossier creation is audited.
 */
export async function loadDemoData(trx: Tx, data: DemoData, passwordHash: string): Promise<DemoLoadResult> {
  const [organisme] = await trx('organisme').insert({ finess_juridique: data.organisme.finessJuridique, name: data.organisme.name }).returning('id');
  const organismeId = organisme.id as string;
  const establishmentIds = new Map<string, string>();
  const unitIds = new Map<string, string>();
  for (const e of data.establishments) {
    const [row] = await trx('establishment')
      .insert({ organisme_id: organismeId, finess_geographique: e.finessGeographique, name: e.name, type: e.type, capacity: e.capacity })
      .returning('id');
    establishmentIds.set(e.key, row.id);
    const units = await trx('unit')
      .insert(e.units.map((u) => ({ establishment_id: row.id, name: u.name, capacity: u.capacity })))
      .returning(['id', 'name']);
    for (const u of e.units) unitIds.set(`${e.key}/${u.key}`, units.find((r: { name: string }) => r.name === u.name).id);
  }
  const establishmentId = (key: string) => establishmentIds.get(key)!;
  const unitId = (establishmentKey: string, unitKey: string | null) => (unitKey === null ? null : unitIds.get(`${establishmentKey}/${unitKey}`)!);

  const accountIds = new Map<string, string>();
  for (const account of data.accounts) {
    // not forced to change the password at first login: demo passwords are published in the README, for anyone to try each profile
    const id = await insertAccount(trx, { login: account.login, displayName: account.displayName, email: account.email, passwordHash, isDemo: true });
    accountIds.set(account.login, id);
    for (const a of account.assignments) {
      await insertAssignment(trx, {
        accountId: id,
        profileKey: a.profileKey,
        organismeId: a.inOrganisme ? organismeId : null,
        establishmentId: a.establishmentKey === null ? null : establishmentId(a.establishmentKey),
        unitId: a.establishmentKey === null ? null : unitId(a.establishmentKey, a.unitKey),
        validFrom: a.validFrom,
      });
    }
  }

  const dossierIds = new Map<string, string>();
  let placements = 0;
  let careTeamMembers = 0;
  for (const child of data.children) {
    const dossier = await insertDossier(trx, {
      identity: child.identity,
      establishmentId: establishmentId(child.establishmentKey),
      unitId: unitId(child.establishmentKey, child.unitKey),
      status: child.status,
      identityStatus: child.identityCheck?.status ?? 'provisoire',
    });
    dossierIds.set(child.key, dossier.id);
    await writeHistory(trx, dossier.id, child);
    for (const p of child.placements) {
      await insertPlacement(trx, {
        dossierId: dossier.id,
        establishmentId: establishmentId(p.establishmentKey),
        unitId: unitId(p.establishmentKey, p.unitKey),
        startDate: p.startDate,
        endDate: p.endDate,
        legalBasis: p.legalBasis,
        decisionReference: p.decisionReference,
      });
      placements += 1;
    }
    for (const m of child.careTeam) {
      await insertCareTeamMember(trx, { dossierId: dossier.id, accountId: accountIds.get(m.login)!, role: m.role, startDate: m.startDate, endDate: m.endDate });
      careTeamMembers += 1;
    }
    await recordAudit(trx, {
      action: 'dossier.create', targetType: 'dossier', targetId: dossier.id, dossierId: dossier.id, actorAccountId: null, actorProfile: 'system',
      establishmentId: establishmentId(child.establishmentKey), requestId: null, purpose: 'demo data', ip: null, outcome: 'success', detail: { demo: true },
    });
  }
  for (const link of data.portalLinks) {
    await trx('account_dossier_link').insert({ account_id: accountIds.get(link.login)!, dossier_id: dossierIds.get(link.childKey)!, relation: link.relation });
  }
  return {
    counts: {
      establishments: establishmentIds.size,
      units: unitIds.size,
      accounts: accountIds.size,
      dossiers: dossierIds.size,
      placements,
      careTeamMembers,
    },
    ids: { establishments: establishmentIds, accounts: accountIds, dossiers: dossierIds },
  };
}

/** What the store does not set: the opening day, and how the identity was verified (with its status change). */
async function writeHistory(trx: Tx, dossierId: string, child: DemoChild): Promise<void> {
  const check = child.identityCheck;
  await trx('dossier')
    .where({ id: dossierId })
    .update({
      created_at: morning(child.openedOn),
      identity_document_type: check?.documentType ?? null,
      identity_checked_at: check?.documentType ? morning(check.checkedOn) : null,
      ins_matricule: check?.ins?.matricule ?? null,
      ins_oid: check?.ins?.oid ?? null,
      ins_retrieved_at: check?.ins ? morning(check.checkedOn) : null,
    });
  if (check) {
    await trx('identity_status_change').insert({
      dossier_id: dossierId,
      from_status: 'provisoire',
      to_status: check.status,
      document_type: check.documentType,
      changed_at: morning(check.checkedOn),
    });
  }
}
