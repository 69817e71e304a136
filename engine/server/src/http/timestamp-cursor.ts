import { decodeCursor, isUuid, validationError } from '@cordee/core';

/** PostgreSQL's text form of a timestamptz (`2025-03-01 10:00:00.123456+00`): exact, unlike a JavaScript Date. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** The keyset (timestamp as PostgreSQL wrote it, id) of a newest-first list, from its opaque cursor. */
export function timestampCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || !PG_TIMESTAMP.test(at) || typeof id !== 'string' || !isUuid(id)) {
    throw validationError([{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }]);
  }
  return [at, id];
}
