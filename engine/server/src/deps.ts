import type { Logger } from 'pino';
import type { Db, ProfileRow } from '@cordee/db';
import type { Config } from './config';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the HTTP layer needs, built once by the composition root (main.ts) or a test. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  /** The database holds the fictional demo organisme: say so in every response. */
  demoMode: boolean;
  version: string;
  /** The profile catalogue, cached; `invalidateProfiles` after a change. */
  profiles(): Promise<Map<string, ProfileRow>>;
  invalidateProfiles(): void;
}
