/** Credentials of the embedded PostgreSQL (loopback only, never exposed): its connection URLs. */
export const EMBEDDED_USER = 'cordee';
export const EMBEDDED_PASSWORD = 'cordee-embedded';

export const embeddedUrl = (port: number, database: string): string =>
  `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${database}`;
