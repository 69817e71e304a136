import { validationError } from '@cordee/core';
import { type Tx, unitBelongsToEstablishment } from '@cordee/db';

/** A unit given with an establishment must be one of its units (422 naming the field otherwise). */
export async function assertUnitOf(trx: Tx, unitId: string | null | undefined, establishmentId: string, path: string): Promise<void> {
  if (unitId && !(await unitBelongsToEstablishment(trx, unitId, establishmentId))) {
    throw validationError([{ path, message: 'Cette unité n’appartient pas à l’établissement choisi.' }]);
  }
}
