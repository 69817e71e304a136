import { AppError, checkedFiness, establishmentTypes, localDate, placesRemovalProblem } from '@cordee/core';
import {
  placesOccupiedOn,
  type EstablishmentChanges,
  type EstablishmentRecord,
  type UnitRecord,
  establishmentColumns,
  findEstablishment,
  findOrganisme,
  findUnit,
  insertEstablishment,
  insertOrganisme,
  insertUnit,
  organismeColumns,
  recordAudit,
  unitsOfEstablishments,
  updateEstablishment,
  updateUnit,
  visibleOrganisation,
} from '@cordee/db';
import type { EstablishmentCreateRequest } from '@cordee/metadata/generated/api/establishment-create-request';
import type { EstablishmentTree } from '@cordee/metadata/generated/api/establishment-tree';
import type { EstablishmentUpdateRequest } from '@cordee/metadata/generated/api/establishment-update-request';
import type { EstablishmentView } from '@cordee/metadata/generated/api/establishment-view';
import type { OrganismeCreateRequest } from '@cordee/metadata/generated/api/organisme-create-request';
import type { UnitCreateRequest } from '@cordee/metadata/generated/api/unit-create-request';
import type { UnitUpdateRequest } from '@cordee/metadata/generated/api/unit-update-request';
import type { AppDeps } from '../deps';
import { assertCanOn, listFilter, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const TAGS = ['Organisation'];

/** A name without its surrounding blanks; blank only is refused at its field. */
function trimmedName(value: string, path: string): string {
  const name = value.trim();
  if (name === '') throw new AppError('VALIDATION_FAILED', { issues: [{ path, message: 'Le nom ne peut pas être vide.' }] });
  return name;
}

const unitView = (u: UnitRecord) => ({ id: u.id, establishmentId: u.establishmentId, name: u.name, capacity: u.capacity });

const establishmentView = (e: EstablishmentRecord, units: UnitRecord[]): EstablishmentView => ({
  id: e.id,
  organismeId: e.organismeId,
  finessGeographique: e.finessGeographique,
  name: e.name,
  type: e.type,
  typeLabel: establishmentTypes[e.type] ?? e.type,
  capacity: e.capacity,
  accessLogShowsStaffNames: e.accessLogShowsStaffNames,
  units: units.filter((u) => u.establishmentId === e.id).map(unitView),
});

/** What the rules on `Establishment` and `Unit` may test. */
const establishmentSubject = (e: EstablishmentRecord) => ({ id: e.id, organismeId: e.organismeId, type: e.type });
const unitSubject = (u: UnitRecord) => ({ id: u.id, establishmentId: u.establishmentId });

/** The fields whose value changed, before and after: the detail of an update's audit event. */
function changedFields<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const keys = (Object.keys(after) as Array<keyof T>).filter((k) => before[k] !== after[k]);
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])) as Partial<T>, after: Object.fromEntries(keys.map((k) => [k, after[k]])) as Partial<T> };
}

export function organisationRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/establishments',
      summary: 'Organismes gestionnaires, établissements et unités visibles par l’utilisateur',
      tags: TAGS,
      access: 'authenticated',
      response: 'api/establishment-tree',
      handler: async ({ ctx }): Promise<EstablishmentTree> => {
        requireUser(ctx);
        const org = await visibleOrganisation(deps.db, listFilter(ctx, 'read', 'Establishment', establishmentColumns), listFilter(ctx, 'read', 'Organisme', organismeColumns));
        return {
          items: org.organismes.map((o) => ({
            id: o.id,
            finessJuridique: o.finessJuridique,
            name: o.name,
            establishments: org.establishments.filter((e) => e.organismeId === o.id).map((e) => establishmentView(e, org.units)),
          })),
          nextCursor: null,
        };
      },
    }),
    route<OrganismeCreateRequest>({
      method: 'post',
      path: '/api/organismes',
      summary: 'Créer un organisme gestionnaire (FINESS juridique)',
      tags: TAGS,
      access: { action: 'create', subject: 'Organisme' },
      body: 'api/organisme-create-request',
      response: 'api/organisme-view',
      successStatus: 201,
      handler: async ({ ctx, body }) => {
        const finessJuridique = checkedFiness(body.finessJuridique, 'juridique', '/finessJuridique');
        const name = trimmedName(body.name, '/name');
        return deps.db.transaction(async (trx) => {
          const organisme = await insertOrganisme(trx, { finessJuridique, name });
          await recordAudit(trx, auditEvent(ctx, { action: 'organisation.organisme.create', targetType: 'organisme', targetId: organisme.id, detail: { finessJuridique, name } }));
          return organisme;
        });
      },
    }),
    route<EstablishmentCreateRequest>({
      method: 'post',
      path: '/api/establishments',
      summary: 'Créer un établissement (FINESS géographique) d’un organisme gestionnaire',
      tags: TAGS,
      access: { action: 'create', subject: 'Establishment' },
      body: 'api/establishment-create-request',
      response: 'api/establishment-view',
      successStatus: 201,
      handler: async ({ ctx, body }) => {
        const finessGeographique = checkedFiness(body.finessGeographique, 'geographique', '/finessGeographique');
        const name = trimmedName(body.name, '/name');
        return deps.db.transaction(async (trx) => {
          const organisme = await findOrganisme(trx, body.organismeId);
          if (!organisme) throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/organismeId', message: 'Cet organisme gestionnaire est introuvable.' }] });
          assertCanOn(ctx, 'create', 'Establishment', { organismeId: organisme.id, type: body.type });
          const establishment = await insertEstablishment(trx, { organismeId: organisme.id, finessGeographique, name, type: body.type, capacity: body.capacity ?? null });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'organisation.establishment.create',
              targetType: 'establishment',
              targetId: establishment.id,
              establishmentId: establishment.id,
              detail: { organismeId: organisme.id, finessGeographique, name, type: body.type, capacity: establishment.capacity },
            }),
          );
          return establishmentView(establishment, []);
        });
      },
    }),
    route<EstablishmentUpdateRequest>({
      method: 'patch',
      path: '/api/establishments/:id',
      summary: 'Modifier un établissement (nom, type, capacité, FINESS géographique)',
      tags: TAGS,
      access: { action: 'update', subject: 'Establishment' },
      body: 'api/establishment-update-request',
      response: 'api/establishment-view',
      handler: async ({ ctx, body, params }) =>
        deps.db.transaction(async (trx) => {
          const current = await findEstablishment(trx, params.id!, true);
          if (!current) throw new AppError('NOT_FOUND');
          assertCanOn(ctx, 'update', 'Establishment', establishmentSubject(current));
          const changes: EstablishmentChanges = {
            ...(body.finessGeographique !== undefined ? { finessGeographique: checkedFiness(body.finessGeographique, 'geographique', '/finessGeographique') } : {}),
            ...(body.name !== undefined ? { name: trimmedName(body.name, '/name') } : {}),
            ...(body.type !== undefined ? { type: body.type } : {}),
            ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
            ...(body.accessLogShowsStaffNames !== undefined ? { accessLogShowsStaffNames: body.accessLogShowsStaffNames } : {}),
          };
          const updated = await updateEstablishment(trx, current.id, changes);
          assertCanOn(ctx, 'update', 'Establishment', establishmentSubject(updated));
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'organisation.establishment.update', targetType: 'establishment', targetId: updated.id, establishmentId: updated.id, detail: changedFields(current, updated) }),
          );
          return establishmentView(updated, await unitsOfEstablishments(trx, [updated.id]));
        }),
    }),
    route<UnitCreateRequest>({
      method: 'post',
      path: '/api/establishments/:id/units',
      summary: 'Créer une unité (groupe de vie, service) dans un établissement',
      tags: TAGS,
      access: { action: 'create', subject: 'Unit' },
      body: 'api/unit-create-request',
      response: 'api/unit-view',
      successStatus: 201,
      handler: async ({ ctx, body, params }) => {
        const name = trimmedName(body.name, '/name');
        return deps.db.transaction(async (trx) => {
          const establishment = await findEstablishment(trx, params.id!);
          if (!establishment) throw new AppError('NOT_FOUND');
          assertCanOn(ctx, 'create', 'Unit', { establishmentId: establishment.id });
          const unit = await insertUnit(trx, { establishmentId: establishment.id, name, capacity: body.capacity ?? null });
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'organisation.unit.create', targetType: 'unit', targetId: unit.id, establishmentId: establishment.id, detail: { name, capacity: unit.capacity } }),
          );
          return unitView(unit);
        });
      },
    }),
    route<UnitUpdateRequest>({
      method: 'patch',
      path: '/api/units/:id',
      summary: 'Modifier une unité (nom, capacité)',
      tags: TAGS,
      access: { action: 'update', subject: 'Unit' },
      body: 'api/unit-update-request',
      response: 'api/unit-view',
      handler: async ({ ctx, body, params }) =>
        deps.db.transaction(async (trx) => {
          const current = await findUnit(trx, params.id!, true);
          if (!current) throw new AppError('NOT_FOUND');
          assertCanOn(ctx, 'update', 'Unit', unitSubject(current));
          if (body.capacity !== undefined) {
            // the same rule as the places' description: a place occupied today is not removed
            const refusal = placesRemovalProblem(current.name, body.capacity ?? 0, await placesOccupiedOn(trx, current.id, localDate(deps.clock.now())));
            if (refusal) throw new AppError('PLACES_OCCUPIED', { detail: refusal, issues: [{ path: '/capacity', message: refusal }] });
          }
          const updated = await updateUnit(trx, current.id, {
            ...(body.name !== undefined ? { name: trimmedName(body.name, '/name') } : {}),
            ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
          });
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'organisation.unit.update', targetType: 'unit', targetId: updated.id, establishmentId: updated.establishmentId, detail: changedFields(current, updated) }),
          );
          return unitView(updated);
        }),
    }),
  ];
}
