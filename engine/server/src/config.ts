import { availableParallelism } from 'node:os';
import Ajv from 'ajv';

/** Every setting, from the environment, validated at start. The README lists them all. */
export interface Config {
  port: number;
  /** Unset: an embedded PostgreSQL is started under `<dataDir>/pg`. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  adminPassword: string | null;
  /** Load the fictional demo organisme on first start. */
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  cookieSecure: boolean;
  /** Express `trust proxy` setting, for the client address behind a reverse proxy. */
  trustProxy: string | null;
  bodyLimitBytes: number;
  /** Largest attachment accepted by `POST /api/dossiers/{id}/attachments`. */
  attachmentMaxBytes: number;
  /** Worker threads running workflow engine steps (0: in the request's thread); default one per core. */
  engineThreads: number;
}

const envSchema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    CORDEE_DATA_DIR: { type: 'string', minLength: 1, default: '.data' },
    CORDEE_EMBEDDED_PG_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 54329 },
    CORDEE_ADMIN_PASSWORD: { type: 'string', minLength: 12 },
    CORDEE_DEMO_DATA: { type: 'boolean', default: true },
    CORDEE_LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    CORDEE_SESSION_IDLE_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
    CORDEE_SESSION_MAX_HOURS: { type: 'integer', minimum: 1, maximum: 72, default: 12 },
    CORDEE_LOGIN_MAX_FAILURES: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    CORDEE_LOCKOUT_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 15 },
    CORDEE_COOKIE_SECURE: { type: 'boolean', default: false },
    CORDEE_TRUST_PROXY: { type: 'string' },
    CORDEE_BODY_LIMIT_KB: { type: 'integer', minimum: 1, maximum: 102400, default: 1024 },
    CORDEE_ATTACHMENT_MAX_KB: { type: 'integer', minimum: 1, maximum: 102400, default: 20480 },
    CORDEE_ENGINE_THREADS: { type: 'integer', minimum: 0, maximum: 64 },
  },
} as const;

const messages: Record<string, string> = {
  PORT: 'PORT must be a port number (0-65535)',
  DATABASE_URL: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  CORDEE_ADMIN_PASSWORD: 'CORDEE_ADMIN_PASSWORD must have at least 12 characters',
};

interface ValidatedEnv {
  PORT: number;
  DATABASE_URL?: string;
  CORDEE_DATA_DIR: string;
  CORDEE_EMBEDDED_PG_PORT: number;
  CORDEE_ADMIN_PASSWORD?: string;
  CORDEE_DEMO_DATA: boolean;
  CORDEE_LOG_LEVEL: Config['logLevel'];
  CORDEE_SESSION_IDLE_MINUTES: number;
  CORDEE_SESSION_MAX_HOURS: number;
  CORDEE_LOGIN_MAX_FAILURES: number;
  CORDEE_LOCKOUT_MINUTES: number;
  CORDEE_COOKIE_SECURE: boolean;
  CORDEE_TRUST_PROXY?: string;
  CORDEE_BODY_LIMIT_KB: number;
  CORDEE_ATTACHMENT_MAX_KB: number;
  CORDEE_ENGINE_THREADS?: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });
  const validate = ajv.compile(envSchema);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') values[key] = raw;
  }
  if (!validate(values)) {
    const problems = (validate.errors ?? []).map((e) => {
      const key = e.instancePath.slice(1);
      return messages[key] ?? `${key} ${e.message ?? 'is invalid'}`;
    });
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  // ajv coerced the values and applied the defaults: every key with a default is set.
  const v = values as unknown as ValidatedEnv;
  return {
    port: v.PORT,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: v.CORDEE_DATA_DIR,
    embeddedPgPort: v.CORDEE_EMBEDDED_PG_PORT,
    adminPassword: v.CORDEE_ADMIN_PASSWORD ?? null,
    demoData: v.CORDEE_DEMO_DATA,
    logLevel: v.CORDEE_LOG_LEVEL,
    sessionIdleMinutes: v.CORDEE_SESSION_IDLE_MINUTES,
    sessionMaxHours: v.CORDEE_SESSION_MAX_HOURS,
    loginMaxFailures: v.CORDEE_LOGIN_MAX_FAILURES,
    lockoutMinutes: v.CORDEE_LOCKOUT_MINUTES,
    cookieSecure: v.CORDEE_COOKIE_SECURE,
    trustProxy: v.CORDEE_TRUST_PROXY ?? null,
    bodyLimitBytes: v.CORDEE_BODY_LIMIT_KB * 1024,
    attachmentMaxBytes: v.CORDEE_ATTACHMENT_MAX_KB * 1024,
    engineThreads: v.CORDEE_ENGINE_THREADS ?? availableParallelism(),
  };
}
