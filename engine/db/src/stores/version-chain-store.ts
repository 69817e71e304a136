import type { ArtefactKind } from '@cordee/core';
import type { Db, Tx } from '../connection';
import type { VersionRow } from './artefact-store';

/**
 * The published versions a record crosses when it is upgraded from one version to another: those
 * after `fromVersionId` up to and including `toVersionId`, oldest first. Each holds, in its
 * publication report, the migration from the version before it.
 */
export async function versionsBetween(db: Db | Tx, kind: ArtefactKind, key: string, fromVersionId: string, toVersionId: string): Promise<VersionRow[]> {
  const rows = await db.raw(
    `select v.* from artefact_version v, artefact_version f, artefact_version t
      where f.id = ? and t.id = ? and v.kind = ? and v.key = ?
        and (v.major, v.minor, v.patch) > (f.major, f.minor, f.patch)
        and (v.major, v.minor, v.patch) <= (t.major, t.minor, t.patch)
      order by v.major, v.minor, v.patch`,
    [fromVersionId, toVersionId, kind, key],
  );
  return rows.rows as VersionRow[];
}
