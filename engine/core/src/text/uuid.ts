const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed UUID: ids taken from a URL are checked before they reach SQL (malformed -> 404, not 422). */
export const isUuid = (value: string): boolean => UUID.test(value);
