import { AppError, type UnitPlaces, localDate, placesRemovalProblem, unitPlacesProblems, validationError } from '@cordee/core';
import { type Db, type Tx, type UnitPlacesRecord, findUnitPlaces, placesOccupiedOn, recordAudit, updateUnitPlaces } from '@cordee/db';
import type { UnitPlacesView } from '@cordee/metadata/generated/api/unit-places-view';
import type { AppDeps } from '../deps';
import { assertCanOn } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const TAGS = ['Organisation'];

/** What the rules on `UnitPlaces` may test. */
const placesSubject = (u: UnitPlacesRecord) => ({ establishmentId: u.establishmentId, unitId: u.id });

const placesOf = ({ id: _id, name: _name, establishmentId: _e, ...places }: UnitPlacesRecord): UnitPlaces => places;

/** The fields of the description that changed, before and after: the detail of the audit event. */
function changedPlaces(before: UnitPlaces, after: UnitPlaces): { before: Partial<UnitPlaces>; after: Partial<UnitPlaces> } {
  const keys = (Object.keys(after) as Array<keyof UnitPlaces>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}

/** The unit of the URL with its places, checked for the action (404 when the caller may not even read them, 403 when read only). */
async function placesFor(db: Db | Tx, ctx: RequestContext, id: string, action: 'read' | 'update', lock = false): Promise<UnitPlacesRecord> {
  const unit = await findUnitPlaces(db, id, lock);
  if (!unit) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, action, 'UnitPlaces', placesSubject(unit));
  return unit;
}

/**
 * The places of a unit (Ségur V2-1): what the capacity spreadsheet for the Conseils
 * départementaux says of each place (type, age range, sex, PH, MNA, reinforced care), administered
 * by the direction of the establishment. Availability is not entered: it comes from placements.
 */
export function unitPlacesRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  const view = async (db: Db | Tx, unit: UnitPlacesRecord): Promise<UnitPlacesView> => ({
    unitId: unit.id,
    establishmentId: unit.establishmentId,
    unitName: unit.name,
    occupiedToday: await placesOccupiedOn(db, unit.id, today()),
    // the database's checks hold the same lists of values as the schema
    places: placesOf(unit) as UnitPlacesView['places'],
  });
  return [
    route({
      method: 'get',
      path: '/api/units/:id/places',
      summary: 'Les places d’une unité (type, tranche d’âge, sexe, accueil PH et MNA, accueil renforcé) et leur occupation du jour',
      tags: TAGS,
      access: { action: 'read', subject: 'UnitPlaces' },
      response: 'api/unit-places-view',
      handler: async ({ ctx, params }) => view(deps.db, await placesFor(deps.db, ctx, params.id!, 'read')),
    }),
    route<UnitPlaces>({
      method: 'put',
      path: '/api/units/:id/places',
      summary: 'Décrire les places d’une unité pour le tableau des places des Conseils départementaux ; une place occupée aujourd’hui ne peut pas être supprimée',
      tags: TAGS,
      access: { action: 'update', subject: 'UnitPlaces' },
      body: 'api/unit-places',
      response: 'api/unit-places-view',
      handler: async ({ ctx, params, body }) => {
        const issues = unitPlacesProblems(body);
        if (issues.length > 0) throw validationError(issues);
        return deps.db.transaction(async (trx) => {
          const unit = await placesFor(trx, ctx, params.id!, 'update', true);
          const occupied = await placesOccupiedOn(trx, unit.id, today());
          const refusal = placesRemovalProblem(unit.name, body.capacity, occupied);
          if (refusal) throw new AppError('PLACES_OCCUPIED', { detail: refusal, issues: [{ path: '/capacity', message: refusal }] });
          await updateUnitPlaces(trx, unit.id, body);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'organisation.unit.places.update',
              targetType: 'unit',
              targetId: unit.id,
              establishmentId: unit.establishmentId,
              detail: changedPlaces(placesOf(unit), body),
            }),
          );
          return view(trx, (await findUnitPlaces(trx, unit.id))!);
        });
      },
    }),
  ];
}
