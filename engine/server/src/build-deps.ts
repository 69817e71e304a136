import type { Logger } from 'pino';
import { type Db, type ProfileRow, loadProfiles } from '@cordee/db';
import type { Config } from './config';
import { type AppDeps, type Clock, systemClock } from './deps';
import packageJson from '../../../package.json';

/** Assembles the dependencies of the HTTP layer; the profile catalogue is cached until invalidated. */
export function buildDeps(input: { config: Config; db: Db; logger: Logger; demoMode: boolean; clock?: Clock }): AppDeps {
  let profiles: Promise<Map<string, ProfileRow>> | null = null;
  return {
    config: input.config,
    db: input.db,
    logger: input.logger,
    clock: input.clock ?? systemClock,
    demoMode: input.demoMode,
    version: packageJson.version,
    profiles: () => {
      profiles ??= loadProfiles(input.db).catch((error: unknown) => {
        profiles = null;
        throw error;
      });
      return profiles;
    },
    invalidateProfiles: () => {
      profiles = null;
    },
  };
}
