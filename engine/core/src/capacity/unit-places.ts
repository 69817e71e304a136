import type { ErrorIssue } from '../errors/app-error';
import type { CapacityUnit } from './capacity-rows';

/** What describes the places of a unit (pde-domain.md § 8.1): everything of the capacity spreadsheet but the unit's identity. */
export type UnitPlaces = Omit<CapacityUnit, 'id' | 'name'>;

/** Problems of a description of places that its schema cannot state, each at its field. */
export function unitPlacesProblems(places: UnitPlaces): ErrorIssue[] {
  if (places.ageMin !== null && places.ageMax !== null && places.ageMin > places.ageMax) {
    return [{ path: '/ageMax', message: `L’âge maximal (${places.ageMax} ans) doit être supérieur ou égal à l’âge minimal (${places.ageMin} ans).` }];
  }
  if ((places.ageMin === null) !== (places.ageMax === null)) {
    const missing = places.ageMin === null ? '/ageMin' : '/ageMax';
    return [{ path: missing, message: 'La tranche d’âge se renseigne avec ses deux bornes (ou aucune).' }];
  }
  return [];
}

/**
 * Why the capacity of a unit cannot go down to `capacity`, if it cannot: a place occupied today
 * (by a placement in force in the unit) is never removed.
 */
export function placesRemovalProblem(unitName: string, capacity: number, occupiedToday: number): string | null {
  if (capacity >= occupiedToday) return null;
  const children = occupiedToday === 1 ? 'un enfant' : `${occupiedToday} enfants`;
  return `L’unité « ${unitName} » accueille aujourd’hui ${children} : sa capacité ne peut pas descendre à ${capacity} place${capacity > 1 ? 's' : ''}. Terminez d’abord les placements concernés ou changez-les d’unité.`;
}
