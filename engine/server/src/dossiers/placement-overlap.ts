import { AppError } from '@cordee/core';

/**
 * Runs a placement write, turning the exclusion constraint's refusal (two placements of one
 * child on the same day) into PLACEMENT_OVERLAP naming the field. The transaction rolls back.
 */
export async function refusingOverlap<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code !== '23P01') throw error;
    throw new AppError('PLACEMENT_OVERLAP', {
      cause: error,
      detail: 'L’enfant a déjà un placement sur une partie de ces dates : terminez d’abord le placement en cours.',
      issues: [{ path, message: 'Les dates chevauchent un autre placement de l’enfant.' }],
    });
  }
}
