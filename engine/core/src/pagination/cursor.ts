import { AppError } from '../errors/app-error';

/** Opaque keyset cursors: base64url JSON of the sort values of the last row returned. */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): Array<string | number> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as Array<string | number>;
    }
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }] });
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
