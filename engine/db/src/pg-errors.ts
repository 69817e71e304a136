import { AppError } from '@cordee/core';

interface PgError {
  code?: string;
  constraint?: string;
}

/** Translates the PostgreSQL errors a request can cause into catalogue errors; anything else stays internal. */
export function translatePgError(error: unknown): unknown {
  const pg = error as PgError;
  switch (pg?.code) {
    case '23505':
      return new AppError('ALREADY_EXISTS', { cause: error });
    case 'CD409':
      return new AppError('DOSSIER_ARCHIVED', { cause: error });
    case '23P01':
      return new AppError('PLACEMENT_OVERLAP', { cause: error });
    case '23503':
      return new AppError('VALIDATION_FAILED', { cause: error, issues: [{ path: '', message: 'Une référence pointe vers un élément inexistant.' }] });
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION_FAILED', { cause: error, issues: [{ path: '', message: 'Une valeur n’a pas le bon format.' }] });
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', { cause: error });
    case '57P01':
    case '57P03':
    case '08006':
    case '08001':
      return new AppError('DATABASE_UNAVAILABLE', { cause: error });
    default:
      return error;
  }
}

/**
 * Runs an insert or update, turning the violation of one unique constraint (or unique index) into
 * ALREADY_EXISTS at the field it is about. The constraint, not a prior SELECT, decides: no race.
 */
export async function uniqueAt<T>(work: () => Promise<T>, constraint: string, path: string, message: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pg = error as { code?: string; constraint?: string } | null;
    if (pg?.code === '23505' && pg.constraint === constraint) throw new AppError('ALREADY_EXISTS', { detail: message, cause: error, issues: [{ path, message }] });
    throw error;
  }
}
